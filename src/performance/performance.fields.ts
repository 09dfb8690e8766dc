/**
 * What each field of Performance needs, declared once, on the field, as a type-graphql extension
 * (`@Extensions(needs({...}))`, beside the field's own decorator): what prefetch loads for it,
 * whether it needs anything of the comparison period, and its cost (src/limits/cost.ts). The
 * planner (prefetch.ts) and the cost walk read these facts back from the built schema, so a new
 * field is one edit; a field without them stops the schema from building
 * (test/unit/performance-fields.test.ts checks every field).
 */
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { declaredCost, type FieldCost } from '../limits/cost';

/**
 * What prefetch starts for a field, for every row at once, before the rows' fields resolve:
 *   figures          the node's figures (series and targets)
 *   peerComparison   the peer comparison for the field's arguments
 *   contributions    the parts' figures and the rows' own
 *   childAreas, descendantAreas, childCategories   the nested rows, prefetched as a level of their own
 *   nothing          nothing: the field needs no load, or loads on its own when it resolves
 */
export type Prefetch =
  'figures' | 'peerComparison' | 'contributions' | 'childAreas' | 'descendantAreas' | 'childCategories' | 'nothing';

/**
 * Which months a field needs (PerformanceNode.narrowFrom):
 *   period      the period's alone (its counts and rates, targets, what loads on its own)
 *   window      the trailing window of its `months` argument (default: the period's months, at least 12)
 *   comparison  the comparison period too: the node keeps its whole series
 */
export type MonthsNeeded = 'period' | 'window' | 'comparison';

export interface PerformanceFieldNeeds extends FieldCost {
  prefetch: Prefetch;
  months: MonthsNeeded;
}

/** The extension key of the facts. */
const KEY = 'performanceField';

/** The extensions declaring a field's needs; its cost too, under the cost walk's own key. */
export function needs(facts: PerformanceFieldNeeds): Record<string, unknown> {
  const { prefetch, months, cost, listSize, sizedBy } = facts;
  return { [KEY]: { prefetch, months }, ...declaredCost({ cost, listSize, sizedBy }) };
}

export interface PerformanceFieldPlan {
  /** Every field's needs, by name. */
  byName: ReadonlyMap<string, Omit<PerformanceFieldNeeds, keyof FieldCost>>;
}

const PREFETCH = new Set<Prefetch>([
  'figures',
  'peerComparison',
  'contributions',
  'childAreas',
  'descendantAreas',
  'childCategories',
  'nothing',
]);
const MONTHS = new Set<MonthsNeeded>(['period', 'window', 'comparison']);

const plans = new WeakMap<GraphQLSchema, PerformanceFieldPlan>();

/**
 * Every Performance field's needs in a built schema, read once per schema. Throws, naming the
 * fields, when one declares none or a value not known here: a field nobody classified would
 * otherwise be prefetched, narrowed or priced wrongly without a sound.
 */
export function performanceFields(schema: GraphQLSchema): PerformanceFieldPlan {
  let plan = plans.get(schema);
  if (plan) return plan;
  const type = schema.getType('Performance') as GraphQLObjectType | undefined;
  if (!type) throw new Error('The schema has no Performance type.');
  const byName = new Map<string, Omit<PerformanceFieldNeeds, keyof FieldCost>>();
  const unclassified: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const facts = field.extensions?.[KEY] as Partial<PerformanceFieldNeeds> | undefined;
    if (!facts || !PREFETCH.has(facts.prefetch!) || !MONTHS.has(facts.months!)) unclassified.push(field.name);
    else byName.set(field.name, { prefetch: facts.prefetch!, months: facts.months! });
  }
  if (unclassified.length > 0)
    throw new Error(
      `Performance fields without their needs (@Extensions(needs({ prefetch, months })), ` +
        `src/performance/performance.fields.ts): ${unclassified.join(', ')}.`,
    );
  plans.set(schema, (plan = { byName }));
  return plan;
}
