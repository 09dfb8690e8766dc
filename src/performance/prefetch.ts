/**
 * The query planner of Performance rows: from the document's selection, starts for every row at
 * once the loads its fields will make, so graphql-js then completes the rows' fields without a
 * promise each, and nested lists load in the same wave as their parents. What each field needs is
 * declared on the field (performance.fields.ts) and read from the schema here.
 */
import { getArgumentValues, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import type { Context } from '../context/context';
import { trailingMonths, type ResolvedPeriod } from '../period/period';
import { peerComparisonOf } from './peer-comparison';
import { performanceFields, type PerformanceFieldPlan } from './performance.fields';
import { childAreaNodes, childCategoryNodes, descendantAreaNodes, type PerformanceNode } from './performance.node';
import { chartMonths } from './window-figures';

function selectedFields(
  sets: readonly (SelectionSetNode | undefined)[],
  info: Pick<GraphQLResolveInfo, 'fragments'>,
): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) out.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else visit(info.fragments[sel.name.value]?.selectionSet);
    }
  };
  for (const set of sets) visit(set);
  return out;
}

type PrefetchInfo = Pick<GraphQLResolveInfo, 'fragments' | 'variableValues' | 'schema'>;

/**
 * The selection sets of a field named `name` within some selection sets (e.g. `performance`
 * within a scorecard row).
 */
export function subSelections(
  sets: readonly (SelectionSetNode | undefined)[],
  name: string,
  info: PrefetchInfo,
): SelectionSetNode[] {
  return selectedFields(sets, info)
    .filter((f) => f.name.value === name && f.selectionSet)
    .map((f) => f.selectionSet!);
}

export interface PrefetchOptions {
  /**
   * The nodes are this field's own, made for it and reached by no other field (a league table's
   * rows, a root `performance`): they may load only the months their selection needs
   * (PerformanceNode.narrowFrom). Not for nested rows, which aliases of one parent share.
   */
  ownNodes?: boolean;
}

/**
 * For a list of Performance rows: starts, for every row at once, the loads the selected fields
 * will need (the figures; each peer comparison asked for; the same for nested children,
 * descendants and subcategories, whose nodes are kept for their resolvers) and waits for
 * them, so that graphql-js then completes the rows' fields synchronously, without a promise
 * per field, and nested lists load in the same wave as their parents. The loads are those the
 * fields would make, in the same batches: no statement is added. A load that fails is left
 * for its field to report, as before.
 */
export async function prefetch(
  ctx: Context,
  nodes: readonly PerformanceNode[],
  info: GraphQLResolveInfo,
  options: PrefetchOptions = {},
): Promise<void> {
  await prefetchSelection(
    ctx,
    nodes,
    info.fieldNodes.map((f) => f.selectionSet),
    info,
    options,
  );
}

/** prefetch, for nodes whose Performance selection is `sets`. */
export async function prefetchSelection(
  ctx: Context,
  nodes: readonly PerformanceNode[],
  sets: readonly (SelectionSetNode | undefined)[],
  info: PrefetchInfo,
  options: PrefetchOptions = {},
): Promise<void> {
  if (nodes.length === 0 || sets.length === 0) return;
  await Promise.allSettled(prefetchLevel(ctx, nodes, sets, info, options.ownNodes === true));
}

/**
 * The first month the selected fields need, when they need nothing of the comparison period
 * (see PerformanceNode.narrowFrom); undefined when they do, or when an argument cannot be read.
 */
function periodOnlyFrom(
  plan: PerformanceFieldPlan,
  fields: readonly FieldNode[],
  range: ResolvedPeriod,
  argsOf: (field: FieldNode) => Record<string, unknown>,
): number | undefined {
  let from = range.from;
  for (const field of fields) {
    const name = field.name.value;
    if (name === '__typename') continue;
    const months = plan.byName.get(name)?.months;
    if (months === 'period') continue;
    if (months !== 'window') return undefined;
    let asked: unknown;
    try {
      asked = argsOf(field).months;
    } catch {
      return undefined;
    }
    const n = chartMonths(range, asked as number | null | undefined);
    if (!Number.isInteger(n) || n < 1) return undefined; // the field reports it
    from = Math.min(from, trailingMonths(range.to, n).from);
  }
  return from;
}

function prefetchLevel(
  ctx: Context,
  nodes: readonly PerformanceNode[],
  sets: readonly (SelectionSetNode | undefined)[],
  info: PrefetchInfo,
  ownNodes = false,
): Promise<unknown>[] {
  const plan = performanceFields(info.schema);
  const type = info.schema.getType('Performance') as GraphQLObjectType;
  const argsOf = (field: FieldNode) =>
    getArgumentValues(type.getFields()[field.name.value], field, info.variableValues);
  let figures = false;
  const work: Promise<unknown>[] = [];
  const selected = selectedFields(sets, info);
  // Nodes asked for nothing of the comparison period load the months they need, no more.
  for (const node of ownNodes ? nodes : []) {
    if (node.narrowFrom !== undefined || node.loadStarted || node.mayBeRestricted(ctx)) continue;
    const from = periodOnlyFrom(plan, selected, node.range, argsOf);
    if (from !== undefined && from > node.seriesFrom) node.narrowFrom = from;
  }
  for (const field of selected) {
    const load = plan.byName.get(field.name.value)?.prefetch ?? 'nothing';
    if (load === 'figures') {
      figures = true;
      continue;
    }
    if (load === 'nothing') continue;
    let args: Record<string, unknown>;
    try {
      args = argsOf(field);
    } catch {
      continue; // a bad argument is the field's own error to report
    }
    if (load === 'peerComparison') {
      for (const node of nodes) {
        try {
          const months = (args.months as number | null) ?? null;
          work.push(Promise.resolve(peerComparisonOf(ctx, node, months, (args.group as string | null) ?? null)));
        } catch {
          // thrown again, and reported, by the field
        }
      }
    } else if (load === 'contributions') {
      // The parts' figures, with the rows' own.
      figures = true;
      for (const node of nodes) {
        const parts = args.by === 'AREA' ? childAreaNodes(ctx, node) : childCategoryNodes(ctx, node);
        work.push(parts.then((k) => Promise.allSettled(k.map((p) => p.figures(ctx)))));
      }
    } else if (args.first == null && args.offset == null) {
      // Nested rows, unless paged: a page's rows are only known once ordered.
      for (const node of nodes) {
        const kids =
          load === 'childAreas'
            ? childAreaNodes(ctx, node)
            : load === 'childCategories'
              ? childCategoryNodes(ctx, node)
              : descendantAreaNodes(ctx, node, String(args.level));
        work.push(kids.then((k) => Promise.allSettled(prefetchLevel(ctx, k, [field.selectionSet], info))));
      }
    }
  }
  if (figures) for (const node of nodes) work.push(node.figures(ctx));
  return work;
}
