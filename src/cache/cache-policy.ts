/**
 * Cache policies: how long a response may be reused and by whom. Pure functions, no I/O.
 *
 * Hints are declared on the schema (src/cache/cache-hints.ts) with type-graphql's
 * `@Extensions({ cacheControl: { maxAge, scope } })`, which lands in `extensions` of the built
 * schema's fields and types. An operation's policy is worked out once per document by walking
 * it against the schema, not by instrumenting every field resolver as Apollo's cache-control
 * plugin does (`git show 8d45cfb:bench/README.md`: about a tenth of the CPU of a large document).
 *
 * The rules:
 * - The policy is the smallest maxAge of every hint met, and PRIVATE when any hint met is PRIVATE.
 * - A field's own hint and its return type's hint both apply (the stricter wins), so a private
 *   type stays private wherever it appears.
 * - A root field with no hint (on it or its type) is not cacheable (maxAge 0): a new query is
 *   never cached until someone decides it may be. Nested fields without a hint inherit.
 * - `@skip`/`@include` are ignored: every selection counts, so variables cannot widen a policy.
 * - Mutations are private with maxAge 0.
 */
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { addMonths, monthOfDate } from '../period/month';

export type CacheScope = 'PUBLIC' | 'PRIVATE';

/** What `@Extensions({ cacheControl })` declares. */
export interface CacheHint {
  /** Seconds the value may be reused. */
  maxAge?: number;
  /** PRIVATE: for the caller alone, never stored by the server or a shared cache. */
  scope?: CacheScope;
}

export interface CachePolicy {
  maxAge: number;
  scope: CacheScope;
}

/** The policy before any hint: as long as anything (one day), public. */
export const UNRESTRICTED: Readonly<CachePolicy> = { maxAge: 86_400, scope: 'PUBLIC' };

/** Lowers `policy` in place to what `hint` allows. */
export function restrict(policy: CachePolicy, hint: CacheHint | undefined | null): CachePolicy {
  if (!hint) return policy;
  if (typeof hint.maxAge === 'number' && hint.maxAge < policy.maxAge)
    policy.maxAge = Math.max(0, Math.floor(hint.maxAge));
  if (hint.scope === 'PRIVATE') policy.scope = 'PRIVATE';
  return policy;
}

/** Whether a response under this policy may be stored and served again. */
export function isCacheable(policy: CachePolicy | null | undefined): policy is CachePolicy {
  return !!policy && policy.maxAge > 0 && policy.scope === 'PUBLIC';
}

const hintOf = (extensions: Readonly<Record<string, unknown>> | null | undefined): CacheHint | undefined =>
  (extensions?.cacheControl as CacheHint | undefined) ?? undefined;

/** The static policy of one operation of a (validated) document. */
export function operationPolicy(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): CachePolicy {
  // A mutation's answer is the caller's own and of its moment.
  if (operation.operation !== OperationTypeNode.QUERY) return { maxAge: 0, scope: 'PRIVATE' };
  const policy: CachePolicy = { ...UNRESTRICTED };
  const root = schema.getQueryType();
  if (!root) return { maxAge: 0, scope: 'PUBLIC' };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, isRoot: boolean): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        // Introspection (__schema, __type) is cheap and changes with deployments: never cached.
        if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) {
          if (name.startsWith('__')) policy.maxAge = 0;
          continue;
        }
        const field = parent.getFields()[name];
        if (!field) continue;
        const type = getNamedType(field.type);
        const fieldHint = hintOf(field.extensions);
        const typeHint = isCompositeType(type) ? hintOf(type.extensions) : undefined;
        if (isRoot && !fieldHint && !typeHint) policy.maxAge = 0;
        restrict(policy, typeHint);
        restrict(policy, fieldHint);
        if (selection.selectionSet && isCompositeType(type)) walk(selection.selectionSet, type, false);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) {
          restrict(policy, hintOf(type.extensions));
          walk(selection.selectionSet, type, isRoot);
        }
      } else {
        const key = `${selection.name.value}|${isRoot}`;
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(key)) continue;
        seen.add(key);
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) {
          restrict(policy, hintOf(type.extensions));
          walk(fragment.selectionSet, type, isRoot);
        }
      }
    }
  };
  walk(operation.selectionSet, root, true);
  return policy;
}

/**
 * The Cache-Control header of a response. Public only for anonymous callers (a keyed caller's
 * response may hold figures an anonymous one must not see, so only the caller's own cache may
 * keep it); no-store for mutations, errors, private data and anything with maxAge 0.
 */
export function cacheControlHeader(options: {
  policy: CachePolicy | null;
  query: boolean;
  errors: boolean;
  anonymous: boolean;
}): string {
  const { policy, query, errors, anonymous } = options;
  if (!query || errors || !isCacheable(policy)) return 'no-store';
  return `${anonymous ? 'public' : 'private'}, max-age=${policy.maxAge}`;
}

/** Months that are still being recorded and revised: the current calendar month and the one before. */
export const OPEN_MONTHS = 2;

/** The first open month (YYYYMM) at `now`, UTC. */
export function firstOpenMonth(now: Date): number {
  return addMonths(monthOfDate(now), -(OPEN_MONTHS - 1));
}

/** Whether a period ending at `lastMonth` (YYYYMM) reaches into the open months. */
export function reachesOpenMonth(lastMonth: number, now: Date = new Date()): boolean {
  return lastMonth >= firstOpenMonth(now);
}
