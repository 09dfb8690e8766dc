/**
 * Automatic persisted queries (Apollo's protocol): a client sends the SHA-256 of a document;
 * unknown, it gets PERSISTED_QUERY_NOT_FOUND and sends the hash with the document once, and
 * from then on the hash alone, by POST or by GET (which HTTP caches can keep). The documents
 * live in the shared store, so every instance knows a document any instance was taught.
 */
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import type { AppServices, Context } from '../context/context';
import { memoryKV, type KeyValueStore } from './memory-kv';

/** Without Redis: documents kept in memory, at most this many and this many bytes. */
const MEMORY_MAX_ENTRIES = 5_000;
const MEMORY_MAX_BYTES = 32 * 1024 * 1024;

type PersistedQueryCache = NonNullable<Exclude<ApolloServerOptions<Context>['persistedQueries'], false>>['cache'];

/** Apollo's KeyValueCache over our store. Apollo prefixes keys with `apq:`; Redis adds the deployment's prefix. */
export function keyValueCache(store: KeyValueStore): NonNullable<PersistedQueryCache> {
  return {
    get: (key) => store.get(key),
    set: (key, value, options) => store.set(key, value, options?.ttl ?? undefined),
    delete: (key) => store.delete(key),
  };
}

export function persistedQueriesOption(services: AppServices): ApolloServerOptions<Context>['persistedQueries'] {
  const { config, store } = services;
  if (!config.cache.persistedQueries) return false;
  const documents: KeyValueStore =
    store.kind === 'redis' ? store : memoryKV({ maxEntries: MEMORY_MAX_ENTRIES, maxBytes: MEMORY_MAX_BYTES });
  return { cache: keyValueCache(documents), ttl: config.cache.persistedQueryTtlSeconds };
}

const APQ_REQUEST_ERRORS = new Set(['provided sha does not match query', 'Unsupported persisted query version']);

/**
 * Apollo refuses a hash that does not match its document, or an unknown protocol version, with
 * errors that carry no code (and would be reported as internal errors): they are the client's
 * mistakes, BAD_REQUEST, with Apollo's message and HTTP status 400.
 */
export function persistedQueryErrorsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (!error.extensions.code && APQ_REQUEST_ERRORS.has(error.message))
              (error.extensions as Record<string, unknown>).code = 'BAD_REQUEST';
          }
        },
      };
    },
  };
}
