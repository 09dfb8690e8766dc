import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { visit, type DocumentNode, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { DimensionSnapshot } from '../loaders/dimensions';
import type { AppServices, Context } from '../context/context';
import { actualCost, costModelFor, declaredCosts, requestedCost, type ListSizing } from './cost';
import { documentShape, sourceShape, type SourceShape } from './document-limits';
import { LimitCode, LimitError } from './errors';
import { findNul, nulError } from './control-characters';

/**
 * Cost of the operations the limits let through, by request: the rate limit charges it
 * (src/ratelimit). Absent when the document was refused or never reached an operation.
 */
const accepted = new WeakMap<Context, Promise<number | undefined>>();

/** Set as soon as the limits plugin starts on an operation; settles once its cost is known (undefined: refused). */
export function acceptedCost(ctx: Context): Promise<number | undefined> {
  return accepted.get(ctx) ?? Promise.resolve(undefined);
}

/**
 * Lists whose length the dimension snapshot bounds before execution (issue 13: requested cost
 * bounds actual cost): areas at a level within a parent exactly; nested lists by the longest such
 * list in the snapshot (any area's children, any peer group's members...). Lists of figures over
 * months are bounded by the period (src/limits/cost.ts).
 */
/** The length a list declared with `sizedBy` has at most, in a snapshot. */
function sizedBy(sizing: ListSizing, atLevel: () => number, largest: ReturnType<DimensionSnapshot['largest']>): number {
  if (sizing === 'areasAtLevel') return atLevel();
  if (sizing === 'areaChildren') return largest.areaChildren;
  if (sizing === 'categoryChildren') return largest.categoryChildren;
  return Math.max(largest.categoryChildren, largest.areaChildren);
}

function snapshotListSize(snapshot: DimensionSnapshot, declared: Record<string, ListSizing>) {
  return (key: string, argument: (name: string) => unknown): number | undefined => {
    const level = argument('level');
    const atLevel = () => snapshot.areas(typeof level === 'string' ? level : null).length;
    const largest = snapshot.largest();
    // Sizes declared on the fields (Performance's: src/performance/performance.fields.ts).
    const sizing: ListSizing | undefined = declared[key];
    if (sizing) return sizedBy(sizing, atLevel, largest);
    switch (key) {
      case 'Query.leagueTable':
      case 'Query.areas': {
        const below = argument(key === 'Query.areas' ? 'parent' : 'within');
        if (typeof below !== 'string') return atLevel();
        const root = snapshot.areaByCode.get(below);
        return root ? snapshot.descendants(root.id, typeof level === 'string' ? level : '').length : 0;
      }
      case 'Area.descendants':
        return atLevel();
      case 'Area.children':
        return largest.areaChildren;
      case 'Area.ancestors':
        return largest.areaAncestors;
      case 'Area.peerGroups':
        return largest.peerGroupsOfArea;
      case 'Area.populations':
        return largest.populationsOfArea;
      case 'PeerGroup.members':
      case 'PeerComparison.members':
        return largest.peerGroupMembers;
      case 'CrimeCategory.children':
        return largest.categoryChildren;
      case 'CrimeCategory.ancestors':
        return largest.categoryAncestors;
      case 'Plan.objectives':
      case 'Query.scorecard':
      case 'Dashboard.scorecard':
      case 'Dashboard.highThreats':
        return largest.planObjectives;
      case 'Query.categories':
        return largest.categories;
      case 'Query.plans':
        return largest.plans;
      default:
        return undefined;
    }
  };
}

/**
 * Fields whose lists the snapshot sizes: a document selecting one has the snapshot loaded first.
 * Those that declare their sizing on the field are added from the schema (limitsPlugin).
 */
const SNAPSHOT_SIZED_FIELDS = new Set([
  'leagueTable',
  'areas',
  'descendants',
  'children',
  'ancestors',
  'peerGroups',
  'populations',
  'members',
  'objectives',
  'scorecard',
  'highThreats',
  'categories',
  'plans',
]);

/** Whether an operation selects a list the snapshot sizes (then the snapshot is worth loading first). */
const snapshotNeeded = new WeakMap<DocumentNode, boolean>();
function needsSnapshot(document: DocumentNode): boolean {
  let found = snapshotNeeded.get(document);
  if (found === undefined) {
    found = false;
    visit(document, { Field: (node) => void (SNAPSHOT_SIZED_FIELDS.has(node.name.value) && (found = true)) });
    snapshotNeeded.set(document, found);
  }
  return found;
}

const snapshotIds = new WeakMap<DimensionSnapshot, string>();
/** A snapshot's identity, part of the cost memo's key: sizes read from another snapshot may differ. */
function snapshotId(snapshot: DimensionSnapshot): string {
  let id = snapshotIds.get(snapshot);
  if (!id) snapshotIds.set(snapshot, (id = `s${Math.random().toString(36).slice(2)}`));
  return id;
}

/** Every operation costs at least a point, so a flood of empty ones still spends a budget. */
const MIN_COST = 1;

function overflowedStack(error: unknown): boolean {
  for (
    let e = error as { originalError?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.originalError as typeof e, i++
  ) {
    if (e instanceof RangeError) return true;
  }
  return false;
}

/**
 * Size, tokens, depth, aliases and cost of every request, refused before execution with a
 * code of its own (src/limits/errors.ts); every response reports its cost in
 * `extensions.cost`, as Shopify's API does.
 *
 * Where each is checked:
 *  - size from the text (`didResolveSource`); tokens when the parse failed: the parser stops at the token limit
 *    itself (`parseOptions.maxTokens`), and its syntax error is reported as TOKEN_LIMIT_EXCEEDED;
 *  - depth, aliases and cost from the parsed, validated operation (`didResolveOperation`).
 *    Validation runs first: it is bounded by the token limit and by graphql-js's own budget.
 * A document over a limit that also fails to parse or validate is reported by the limit, which
 * is what its author must fix first.
 */
export function limitsPlugin(services: AppServices, schema: GraphQLSchema): ApolloServerPlugin<Context> {
  const { limits } = services.config;
  const model = costModelFor(schema);
  const declaredSizing = declaredCosts(schema).sizedBy;
  for (const key of Object.keys(declaredSizing)) SNAPSHOT_SIZED_FIELDS.add(key.slice(key.indexOf('.') + 1));
  return {
    // Apollo's hooks return promises; those that need no await return settled ones, so their work
    // runs synchronously, in order, before any later plugin's.
    requestDidStart() {
      let text: string | undefined;
      let tooLarge: LimitError | undefined;
      let requested: number | undefined;
      let admitted = false;
      return Promise.resolve<GraphQLRequestListener<Context>>({
        didResolveSource({ source }) {
          text = source;
          const bytes = Buffer.byteLength(source, 'utf8');
          if (bytes > limits.maxDocumentBytes) {
            tooLarge = new LimitError(
              LimitCode.DOCUMENT_TOO_LARGE,
              `The document is ${bytes} bytes; at most ${limits.maxDocumentBytes} are allowed. Send a smaller ` +
                `document: pass long values as variables, and split the document into several requests.`,
              { limit: limits.maxDocumentBytes, actual: bytes },
              413,
            );
          }
          return Promise.resolve();
        },

        didEncounterErrors({ errors }) {
          const codes = new Set(errors.map((e) => e.extensions?.code));
          const parseFailed = codes.has('GRAPHQL_PARSE_FAILED');
          if (!parseFailed && !codes.has('GRAPHQL_VALIDATION_FAILED')) return Promise.resolve();
          let refusal: GraphQLError | undefined = tooLarge;
          // Tokens are counted only when the parse failed (the parser stops at the limit): a
          // document that parsed is within it, and lexing it again on every request costs.
          const source: SourceShape | undefined =
            !refusal && parseFailed && text !== undefined ? sourceShape(text, limits.maxTokens) : undefined;
          if (source && source.tokens > limits.maxTokens) {
            refusal = new LimitError(
              LimitCode.TOKEN_LIMIT_EXCEEDED,
              `The document has more than ${limits.maxTokens} tokens (names, punctuation and values); at most ` +
                `${limits.maxTokens} are allowed. Ask for fewer fields, or split the document into several ` +
                `requests.`,
              { limit: limits.maxTokens, actual: source.tokens },
            );
          }
          if (!refusal && parseFailed && errors.some(overflowedStack)) {
            refusal = new LimitError(
              LimitCode.DEPTH_LIMIT_EXCEEDED,
              `The document nests too deeply to read; at most ${limits.maxDepth} levels of fields are allowed.`,
              { limit: limits.maxDepth, actual: -1 },
            );
          }
          // Apollo formats the very array it passes here, after every plugin has seen it.
          if (refusal) (errors as GraphQLError[]).splice(0, errors.length, refusal);
          return Promise.resolve();
        },

        async didResolveOperation(requestContext) {
          // The rate limit (the next plugin) waits on `acceptedCost`, set here before any await.
          let settle!: (cost: number | undefined) => void;
          accepted.set(requestContext.contextValue, new Promise((resolve) => (settle = resolve)));
          try {
            settle(await checkOperation(requestContext));
          } catch (err) {
            settle(undefined);
            throw err;
          }
        },

        willSendResponse({ response, operation, document, contextValue }) {
          // Synchronous, so the cost is recorded before any plugin after this one reads it.
          let actual = 0;
          if (response.body.kind === 'single' && operation && document && requested !== undefined && admitted) {
            const data = response.body.singleResult.data;
            if (data) actual = Math.max(MIN_COST, actualCost(schema, operation, document.definitions, data, model));
          }
          const request = contextValue.request;
          if (!request) return Promise.resolve();
          request.cost = { requested: requested ?? 0, actual };
          request.extensions.cost = {
            requestedQueryCost: requested ?? 0,
            actualQueryCost: actual,
            maxQueryCost: limits.maxCost,
          };
          return Promise.resolve();
        },
      });

      async function checkOperation({
        document,
        operation,
        request,
        contextValue,
      }: {
        document: DocumentNode;
        operation?: OperationDefinitionNode;
        request: { variables?: Record<string, unknown> };
        contextValue: Context;
      }): Promise<number | undefined> {
        if (tooLarge) throw tooLarge;
        const shape = documentShape(document);
        if (shape.depth > limits.maxDepth) {
          throw new LimitError(
            LimitCode.DEPTH_LIMIT_EXCEEDED,
            `The document nests ${shape.depth} levels of fields; at most ${limits.maxDepth} are allowed. Ask for ` +
              `fewer levels, or start a second request from the deeper object (e.g. area(code:) rather than parent ` +
              `{ parent { ... } }).`,
            { limit: limits.maxDepth, actual: shape.depth },
          );
        }
        if (shape.aliases > limits.maxAliases) {
          throw new LimitError(
            LimitCode.ALIAS_LIMIT_EXCEEDED,
            `The document uses ${shape.aliases} aliases (fragments counted at each use); at most ` +
              `${limits.maxAliases} are allowed. Use a list field (leagueTable, areas, descendants) rather than ` +
              `many aliased fields, or split the document.`,
            { limit: limits.maxAliases, actual: shape.aliases },
          );
        }
        if (!operation) return undefined; // several operations and no operationName: Apollo refuses it
        const nul = findNul(document, request.variables);
        if (nul) throw nulError(nul);
        // Lists of areas are priced at their length in the dimension snapshot (loaded first when not yet).
        let snapshot: DimensionSnapshot | undefined;
        if (contextValue.loaders && needsSnapshot(document)) snapshot = await contextValue.loaders.snapshot();
        requested = Math.max(
          MIN_COST,
          requestedCost(schema, operation, document.definitions, model, {
            variables: request.variables,
            maxPageSize: limits.maxPageSize,
            ...(snapshot
              ? { listSize: snapshotListSize(snapshot, declaredSizing), listSizeKey: snapshotId(snapshot) }
              : {}),
          }),
        );
        if (contextValue.request) contextValue.request.cost = { requested };
        if (requested > limits.maxCost) {
          throw new LimitError(
            LimitCode.COST_LIMIT_EXCEEDED,
            `The query would cost ${requested} points; at most ${limits.maxCost} are allowed per request. Ask ` +
              `for smaller pages (first), fewer nested lists, or fewer fields that compute figures, or split the ` +
              `query.`,
            { limit: limits.maxCost, actual: requested },
          );
        }
        admitted = true;
        return requested;
      }
    },
  };
}
