/**
 * The response cache and the Cache-Control header.
 *
 * Each operation's policy comes from the schema's hints (cache-policy.ts), worked out once per
 * parsed document, and is lowered by resolvers that find a period reaching into open months
 * (cache-hints.ts). A query whose policy is public and above 0 seconds is looked up before it
 * runs; a hit is answered with no SQL at all. A miss without errors is stored for the policy's
 * maxAge. Keys hold the data version the request read at its start, so any write or import
 * makes every instance miss at once (response-cache-key.ts has the rest of the key).
 *
 * Without Redis the responses are kept in this process, bounded; with Redis, in Redis, shared
 * by every instance. A store that fails is answered around (BYPASS), never with an error.
 */
import type { Warning } from '../warnings/warnings';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { OperationTypeNode, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { AppServices, Context, RequestInfo } from '../context/context';
import { cacheControlHeader, isCacheable, operationPolicy, type CachePolicy } from './cache-policy';
import { requestPolicy, setRequestPolicy } from './cache-hints';
import { memoryKV, type KeyValueStore } from './memory-kv';
import { audienceOf, normaliseDocument, responseCacheKey } from './response-cache-key';

/** Largest response body stored; bigger ones are served but not kept. */
export const MAX_CACHED_BODY_BYTES = 1024 * 1024;
/** Without Redis: at most this many responses and this many bytes in memory. */
const MEMORY_MAX_ENTRIES = 2_000;
const MEMORY_MAX_BYTES = 64 * 1024 * 1024;

/** What is stored: the data, and when and for how long, so a hit can say how long it has left. */
interface CachedResponse {
  data: Record<string, unknown>;
  /** The answer's caveats, returned again with every hit. */
  warnings?: Warning[];
  maxAge: number;
  storedAt: number;
}

const staticPolicies = new WeakMap<DocumentNode, Map<string, CachePolicy>>();

/** The schema's policy of an operation, once per parsed document and operation. */
function staticPolicyOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): CachePolicy {
  let byOperation = staticPolicies.get(document);
  if (!byOperation) staticPolicies.set(document, (byOperation = new Map<string, CachePolicy>()));
  const name = operation.name?.value ?? '';
  let policy = byOperation.get(name);
  if (!policy) byOperation.set(name, (policy = operationPolicy(schema, document, operation)));
  return policy;
}

function report(
  request: RequestInfo | undefined,
  enabled: boolean,
  status: 'HIT' | 'MISS' | 'BYPASS',
  policy: CachePolicy | null,
): void {
  if (!request) return;
  request.cache = status;
  if (enabled) request.extensions.cache = policy ? { status, maxAge: policy.maxAge, scope: policy.scope } : { status };
}

export function responseCachePlugin(services: AppServices): ApolloServerPlugin<Context> {
  const enabled = services.config.cache.responseCache;
  const store: KeyValueStore | null = !enabled
    ? null
    : services.store.kind === 'redis'
      ? services.store
      : memoryKV({ maxEntries: MEMORY_MAX_ENTRIES, maxBytes: MEMORY_MAX_BYTES });

  return {
    async requestDidStart(): Promise<GraphQLRequestListener<Context>> {
      let key: string | null = null;
      let status: 'HIT' | 'MISS' | 'BYPASS' = 'BYPASS';
      let hitPolicy: CachePolicy | null = null;

      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (contextValue.request && operation)
            setRequestPolicy(contextValue.request, staticPolicyOf(schema, document, operation));
        },

        async responseForOperation({ document, operation, request, contextValue }) {
          const policy = requestPolicy(contextValue.request);
          const dataVersion = contextValue.request?.dataVersion;
          // Apollo calls this hook even when no operation was resolved (an unknown operationName, or
          // several operations and none named): execution then answers OPERATION_RESOLUTION_FAILURE.
          if (!operation) return null;
          if (
            !store ||
            operation.operation !== OperationTypeNode.QUERY ||
            !isCacheable(policy) ||
            dataVersion === undefined
          )
            return null;
          key = responseCacheKey({
            document: normaliseDocument(document),
            operationName: request.operationName,
            variables: request.variables,
            audience: audienceOf(contextValue.caller, contextValue.disclosureThreshold),
            dataVersion,
          });
          let stored: string | undefined;
          try {
            stored = await store.get(key);
          } catch {
            key = null; // the store is down: run the operation, do not try to store it
            return null;
          }
          if (stored === undefined) {
            status = 'MISS';
            return null;
          }
          const cached = JSON.parse(stored) as CachedResponse;
          status = 'HIT';
          for (const warning of cached.warnings ?? []) contextValue.warnings.add(warning);
          // What is left of its age, so a client's cache does not keep it past the server's.
          const left = Math.max(1, cached.maxAge - Math.floor((Date.now() - cached.storedAt) / 1000));
          hitPolicy = { maxAge: left, scope: 'PUBLIC' };
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: { data: cached.data } },
          };
        },

        async willSendResponse({ response, operation, contextValue }) {
          const request = contextValue.request;
          const single = response.body.kind === 'single' ? response.body.singleResult : null;
          const errors = !single || !!single.errors?.length;
          const policy = hitPolicy ?? requestPolicy(request) ?? null;
          // Synchronously, before the first await: later plugins merge request.extensions into the response now.
          report(request, enabled, status, policy);
          response.http.headers.set(
            'cache-control',
            cacheControlHeader({
              policy,
              query: operation?.operation === OperationTypeNode.QUERY,
              errors,
              anonymous: !contextValue.caller,
            }),
          );
          // A shared cache must not serve an anonymous response to a caller with a key, or back.
          response.http.headers.set('vary', 'Authorization');
          if (status !== 'MISS' || !store || !key || errors || !single?.data || !isCacheable(policy)) return;
          const body = JSON.stringify({
            data: single.data,
            warnings: contextValue.warnings.size ? contextValue.warnings.list() : undefined,
            maxAge: policy.maxAge,
            storedAt: Date.now(),
          } satisfies CachedResponse);
          if (Buffer.byteLength(body, 'utf8') > MAX_CACHED_BODY_BYTES) return;
          try {
            await store.set(key, body, policy.maxAge);
          } catch {
            // Not stored: the next request runs the operation again.
          }
        },
      };
    },
  };
}
