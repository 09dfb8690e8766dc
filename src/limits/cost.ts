/**
 * Query cost, computed from the document before anything runs (requested cost) and from
 * the response afterwards (actual cost), as Shopify's API reports both. One point per
 * object; a list multiplies what it holds by its length (its expected length before
 * execution, its real length after); fields that compute figures cost more than plain
 * lookups. Scalars are free.
 */
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface CostModel {
  /** Cost of one object of a field, by "Type.field"; default 1. */
  fieldCost: Record<string, number>;
  /** Expected length of a list field before execution, by "Type.field"; default `defaultListSize`. */
  listSize: Record<string, number>;
  defaultListSize: number;
}

/** Figures cost more than lookups: they read the rollups and run the arithmetic. */
export const DEFAULT_COST_MODEL: CostModel = {
  fieldCost: {
    'Query.performance': 5,
    'Query.satisfaction': 3,
    'Query.scorecard': 5,
    'Query.dashboard': 10,
    'Performance.children': 5,
    'Performance.subcategories': 5,
    'Performance.descendants': 5,
    'Performance.peerComparison': 3,
    'Performance.controlChart': 2,
    'Performance.trend': 1,
    'Performance.narrative': 5,
    'Performance.contributions': 2,
    'ObjectiveStatus.performance': 5,
    'ObjectiveStatus.satisfaction': 3,
  },
  listSize: {
    'Query.areas': 50,
    'Query.categories': 40,
    'Query.scorecard': 20,
    'Query.plans': 5,
    'Area.children': 10,
    'Area.descendants': 50,
    'Area.ancestors': 4,
    'Area.populations': 10,
    'Area.peerGroups': 2,
    'PeerGroup.members': 10,
    'CrimeCategory.children': 10,
    'CrimeCategory.ancestors': 3,
    'Plan.objectives': 20,
    'Performance.children': 10,
    'Performance.subcategories': 10,
    'Performance.descendants': 20,
    'Performance.contributions': 10,
    'Performance.monthly': 12,
    'Performance.outcomesByType': 6,
    'Performance.narrative': 8,
    'PeerComparison.members': 10,
    'ControlChart.points': 24,
    'Dashboard.scorecard': 20,
    'Dashboard.highThreats': 10,
    'Dashboard.satisfaction': 6,
    'Satisfaction.aspects': 5,
    'Satisfaction.monthly': 12,
  },
  defaultListSize: 10,
};

type Fragments = Map<string, FragmentDefinitionNode>;

function fieldsOf(selection: SelectionSetNode | undefined, type: GraphQLObjectType, fragments: Fragments): FieldNode[] {
  if (!selection) return [];
  const out: FieldNode[] = [];
  for (const s of selection.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(s.selectionSet, type, fragments));
    else {
      const fragment = fragments.get(s.name.value);
      if (fragment) out.push(...fieldsOf(fragment.selectionSet, type, fragments));
    }
  }
  return out;
}

function costOfSelection(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selection: SelectionSetNode | undefined,
  fragments: Fragments,
  model: CostModel,
  data: unknown,
  depth: number,
): number {
  if (depth > 64) return Infinity; // depth limits refuse such documents first; never recurse without bound
  let total = 0;
  for (const node of fieldsOf(selection, type, fragments)) {
    const field: GraphQLField<unknown, unknown> | undefined = type.getFields()[node.name.value];
    if (!field) continue; // __typename and introspection: free
    const named = getNamedType(field.type);
    if (!isObjectType(named)) continue;
    const key = `${type.name}.${field.name}`;
    const own = model.fieldCost[key] ?? 1;
    const responseKey = node.alias?.value ?? node.name.value;
    const isList = isListType(getNullableType(field.type));
    if (data === undefined) {
      const inner = costOfSelection(schema, named, node.selectionSet, fragments, model, undefined, depth + 1);
      const size = isList ? (model.listSize[key] ?? model.defaultListSize) : 1;
      total += size * (own + inner);
    } else {
      const value = (data as Record<string, unknown> | null)?.[responseKey];
      if (value === null || value === undefined) continue;
      const items = isList ? (value as unknown[]) : [value];
      for (const item of items) total += own + costOfSelection(schema, named, node.selectionSet, fragments, model, item, depth + 1);
    }
  }
  return total;
}

function fragmentsOf(definitions: readonly { kind: Kind }[]): Fragments {
  const map: Fragments = new Map();
  for (const d of definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set((d as FragmentDefinitionNode).name.value, d as FragmentDefinitionNode);
  return map;
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType | null | undefined {
  return operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
}

/** Cost of an operation before execution, from the expected list sizes. */
export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  definitions: readonly { kind: Kind }[],
  model: CostModel = DEFAULT_COST_MODEL,
): number {
  const root = rootType(schema, operation);
  if (!root) return 0;
  // A mutation writes: it costs at least 10 so writes are never free against a budget.
  const base = operation.operation === 'mutation' ? 10 : 0;
  return base + costOfSelection(schema, root, operation.selectionSet, fragmentsOf(definitions), model, undefined, 0);
}

/** Cost of an operation after execution, from the lists it really returned. */
export function actualCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  definitions: readonly { kind: Kind }[],
  data: unknown,
  model: CostModel = DEFAULT_COST_MODEL,
): number {
  const root = rootType(schema, operation);
  if (!root || data === null || data === undefined) return 0;
  const base = operation.operation === 'mutation' ? 10 : 0;
  return base + costOfSelection(schema, root, operation.selectionSet, fragmentsOf(definitions), model, data, 0);
}
