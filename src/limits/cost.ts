/**
 * Query cost, computed from the document before anything runs (requested cost) and from
 * the response afterwards (actual cost), as Shopify's API reports both. One point per
 * object; a list multiplies what it holds by its length (its expected length before
 * execution, its real length after); fields that compute figures cost more than plain
 * lookups. Scalars are free. A list field with a `first` argument is expected to hold
 * `first` items (at most the page cap); without one, the model's expected length.
 *
 * Introspection is priced like any other field, so a flood of it is refused by cost: every
 * item of an introspection list costs a point; the single-object hops of a type reference
 * (`type`, `ofType`) are free, since a reference's chain is a handful of objects at most.
 *
 * Both walks are linear in the document's size (fragment bombs included): the cost of a
 * selection set on a type is computed once, and a fragment spread twice in one selection set
 * counts once, as execution collects it once.
 */
import {
  getNamedType,
  GraphQLEnumType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { uncheckedMonthIndex } from '../period/month';

export interface CostModel {
  /** Cost of one object of a field, by "Type.field"; default 1. */
  fieldCost: Record<string, number>;
  /** Expected length of a list field before execution, by "Type.field"; default `defaultListSize`. */
  listSize: Record<string, number>;
  defaultListSize: number;
}

/**
 * A field's cost declared on the field itself, as a type-graphql extension
 * (`@Extensions(declaredCost({ cost: 5, listSize: 6 }))`): the cost of one object (default 1) and
 * the expected length of a list before execution. A model's tables, when they name the field, win.
 */
export interface FieldCost {
  cost?: number;
  listSize?: number;
  /** How the dimension snapshot bounds the list's length before execution (src/limits/limits.plugin.ts). */
  sizedBy?: ListSizing;
}

/**
 * Bounds of a list's length the dimension snapshot gives: the areas at the field's `level`, the
 * most children any area (or category) has, or the most of either.
 */
export type ListSizing = 'areasAtLevel' | 'areaChildren' | 'categoryChildren' | 'areaOrCategoryChildren';

const COST_KEY = 'cost';

/** The extensions declaring a field's cost (nothing when it has the defaults). */
export function declaredCost(cost: FieldCost): Record<string, unknown> {
  const own: FieldCost = {};
  if (cost.cost !== undefined) own.cost = cost.cost;
  if (cost.listSize !== undefined) own.listSize = cost.listSize;
  if (cost.sizedBy !== undefined) own.sizedBy = cost.sizedBy;
  return Object.keys(own).length > 0 ? { [COST_KEY]: own } : {};
}

const costOf = (field: { extensions?: Record<string, unknown> | null }): FieldCost | undefined =>
  field.extensions?.[COST_KEY] as FieldCost | undefined;

/** Every cost declared on a field of the schema, as model tables by "Type.field". */
export function declaredCosts(
  schema: GraphQLSchema,
): Pick<CostModel, 'fieldCost' | 'listSize'> & { sizedBy: Record<string, ListSizing> } {
  const fieldCost: Record<string, number> = {};
  const listSize: Record<string, number> = {};
  const sizedBy: Record<string, ListSizing> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const declared = costOf(field);
      if (declared?.cost !== undefined) fieldCost[`${type.name}.${field.name}`] = declared.cost;
      if (declared?.listSize !== undefined) listSize[`${type.name}.${field.name}`] = declared.listSize;
      if (declared?.sizedBy !== undefined) sizedBy[`${type.name}.${field.name}`] = declared.sizedBy;
    }
  }
  return { fieldCost, listSize, sizedBy };
}

/**
 * Figures cost more than lookups: they read the rollups and run the arithmetic. Performance's
 * fields declare their own costs (src/performance/performance.fields.ts); the rest are here.
 */
export const DEFAULT_COST_MODEL: CostModel = {
  fieldCost: {
    'Query.performance': 5,
    'Query.satisfaction': 3,
    'Query.scorecard': 5,
    'Query.dashboard': 10,
    'ObjectiveStatus.performance': 5,
    'ObjectiveStatus.satisfaction': 3,
    'Query.leagueTable': 5,
    '__Field.type': 0,
    '__InputValue.type': 0,
    '__Type.ofType': 0,
  },
  listSize: {
    'Query.areas': 50,
    'Query.categories': 40,
    'Query.scorecard': 20,
    'Query.plans': 5,
    // A node of the geography tree has a handful of children (a force's BCUs, a BCU's LPUs).
    'Area.children': 6,
    'Area.descendants': 50,
    'Area.ancestors': 4,
    'Area.populations': 10,
    'Area.peerGroups': 2,
    'PeerGroup.members': 10,
    'CrimeCategory.children': 10,
    'CrimeCategory.ancestors': 3,
    'Plan.objectives': 20,
    'PeerComparison.members': 10,
    'ControlChart.points': 24,
    'Dashboard.scorecard': 20,
    'Dashboard.highThreats': 10,
    'Dashboard.satisfaction': 6,
    'Satisfaction.aspects': 5,
    'Satisfaction.monthly': 12,
    'Query.leagueTable': 20,
    '__Schema.types': 100,
    '__Schema.directives': 5,
    '__Directive.args': 2,
    '__Type.fields': 8,
    '__Type.inputFields': 4,
    '__Type.enumValues': 4,
    '__Type.interfaces': 1,
    '__Type.possibleTypes': 1,
    '__Field.args': 1,
  },
  defaultListSize: 10,
};

/**
 * The default model with the introspection lists sized as this schema has them, so a full
 * introspection query (as the explorer sends) is expected to cost what it really costs.
 */
export function costModelFor(schema: GraphQLSchema, base: CostModel = DEFAULT_COST_MODEL): CostModel {
  const types = Object.keys(schema.getTypeMap()).length;
  // Lists with one item per value of an enum at most: as long as the enum.
  const enumSize = (name: string, fallback: number) => {
    const type = schema.getType(name);
    return type instanceof GraphQLEnumType ? type.getValues().length : fallback;
  };
  const declared = declaredCosts(schema);
  const listSize = { ...declared.listSize, ...base.listSize };
  return {
    ...base,
    fieldCost: { ...declared.fieldCost, ...base.fieldCost },
    listSize: {
      ...listSize,
      '__Schema.types': types,
      '__Schema.directives': schema.getDirectives().length,
      'Performance.outcomesByType': enumSize('OutcomeType', listSize['Performance.outcomesByType'] ?? 10),
      'Dashboard.satisfaction': enumSize('Survey', listSize['Dashboard.satisfaction'] ?? 10),
      'Satisfaction.aspects': enumSize('SatisfactionAspect', listSize['Satisfaction.aspects'] ?? 10),
    },
  };
}

export interface CostOptions {
  /** The request's variables, for `first: $n`. */
  variables?: Record<string, unknown> | null;
  /** The largest page a list returns: a `first` above it counts as the cap (the field refuses it). */
  maxPageSize?: number;
  /**
   * The length a list field will have, when the data can tell before execution (the areas at a
   * level, from the dimension snapshot); undefined to use the model's. `argument` reads the field's arguments.
   */
  listSize?: (key: string, argument: (name: string) => unknown) => number | undefined;
  /** What `listSize` depends on (the data version): part of the memo's key. */
  listSizeKey?: string;
}

type Fragments = Map<string, FragmentDefinitionNode>;

/** Months in the lists of figures below a field: a period's, and a control chart's points. */
interface Months {
  period: number;
  chart: number;
}
const DEFAULT_MONTHS: Months = { period: 12, chart: 24 };
/** Lists whose length is the months of the period above them, or of the chart. */
const MONTHLY_LISTS: Record<string, keyof Months> = {
  'Performance.monthly': 'period',
  'Satisfaction.monthly': 'period',
  'ControlChart.points': 'chart',
};
/** The longest period or chart a request may ask for (src/period/period.ts MAX_CUSTOM_MONTHS). */
const MAX_MONTHS = 240;
const clampMonths = (n: number) => Math.min(MAX_MONTHS, Math.max(1, n));

/**
 * Months a period argument covers, worked out from its fields as sent; an upper bound when it
 * cannot be read (the request then fails validation in the resolver, and returns little).
 */
export function periodMonths(period: unknown): number {
  if (period === null || typeof period !== 'object') return MAX_MONTHS;
  const p = period as Record<string, unknown>;
  const monthIndex = (v: unknown) => {
    const m = typeof v === 'string' ? /^(\d{4})-(\d{2})$/.exec(v.trim()) : null;
    return m ? uncheckedMonthIndex(Number(m[1]) * 100 + Number(m[2])) : null;
  };
  if (typeof p.rollingMonths === 'number') return clampMonths(p.rollingMonths);
  if (p.from !== undefined || p.to !== undefined) {
    const from = monthIndex(p.from);
    const to = monthIndex(p.to);
    return from === null || to === null ? MAX_MONTHS : clampMonths(to - from + 1);
  }
  if (p.month !== undefined) return 1;
  if (p.quarter !== undefined) return 3;
  return 12; // a financial year, or a year to date within one
}
type Composite = GraphQLObjectType | GraphQLInterfaceType;
interface Collected {
  node: FieldNode;
  parent: Composite;
}
interface CostedField {
  key: string;
  own: number;
  selection: SelectionSetNode | undefined;
  type: Composite;
}
const NONE: readonly CostedField[] = [];

/**
 * What depends only on the document, the schema and the model: the fields each selection
 * collects and those that cost. Apollo keeps one parsed document per query text, so these are
 * worked out once per document, not on every request (the 43-alias league is 43 selections).
 */
interface DocumentMemo {
  schema: GraphQLSchema;
  model: CostModel;
  collected: Map<SelectionSetNode, Map<string, Collected[]>>;
  costed: Map<SelectionSetNode, Map<string, CostedField[]>>;
  /** Requested cost per operation: the variables it reads, and the cost by their values. */
  requested: Map<OperationDefinitionNode, { variables: string[]; byKey: Map<string, number> }>;
}
const documentMemos = new WeakMap<readonly unknown[], DocumentMemo>();

function documentMemo(definitions: readonly unknown[], schema: GraphQLSchema, model: CostModel): DocumentMemo {
  let memo = documentMemos.get(definitions);
  if (!memo || memo.schema !== schema || memo.model !== model) {
    memo = { schema, model, collected: new Map(), costed: new Map(), requested: new Map() };
    documentMemos.set(definitions, memo);
  }
  return memo;
}

/** What one walk shares: the document, the variables, and its memos. */
class Walk {
  private readonly fragments: Fragments = new Map();
  private readonly collected: Map<SelectionSetNode, Map<string, Collected[]>>;
  // Depends on the variables (`first: $n`): this walk's own.
  private readonly requested = new Map<SelectionSetNode, Map<string, number>>();
  private readonly costed: Map<SelectionSetNode, Map<string, CostedField[]>>;
  private readonly defaults = new Map<string, ValueNode>();
  /** Variables the requested cost read (through `first: $n`). */
  readonly variablesRead = new Set<string>();

  constructor(
    readonly schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    definitions: readonly { kind: Kind }[],
    readonly model: CostModel,
    readonly options: CostOptions,
  ) {
    const memo = documentMemo(definitions, schema, model);
    this.collected = memo.collected;
    this.costed = memo.costed;
    for (const d of definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION)
        this.fragments.set((d as FragmentDefinitionNode).name.value, d as FragmentDefinitionNode);
    for (const v of operation.variableDefinitions ?? [])
      if (v.defaultValue) this.defaults.set(v.variable.name.value, v.defaultValue);
  }

  /** The fields a selection set asks of a type, fragments expanded once each (as execution collects them). */
  collect(selection: SelectionSetNode, type: Composite): Collected[] {
    let byType = this.collected.get(selection);
    if (!byType) this.collected.set(selection, (byType = new Map<string, Collected[]>()));
    const known = byType.get(type.name);
    if (known) return known;
    const out: Collected[] = [];
    const spread = new Set<string>();
    const visit = (set: SelectionSetNode, on: Composite, depth: number) => {
      if (depth > 64) return; // fragment cycles are refused by validation first; never recurse without bound
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) out.push({ node: s, parent: on });
        else if (s.kind === Kind.INLINE_FRAGMENT)
          visit(s.selectionSet, this.typeCondition(s.typeCondition?.name.value, on), depth + 1);
        else if (!spread.has(s.name.value)) {
          spread.add(s.name.value);
          const fragment = this.fragments.get(s.name.value);
          if (fragment)
            visit(fragment.selectionSet, this.typeCondition(fragment.typeCondition.name.value, on), depth + 1);
        }
      }
    };
    visit(selection, type, 0);
    byType.set(type.name, out);
    return out;
  }

  private typeCondition(name: string | undefined, fallback: Composite): Composite {
    const type = name ? this.schema.getType(name) : undefined;
    return type && (isObjectType(type) || isInterfaceType(type)) ? type : fallback;
  }

  field(parent: Composite, name: string): GraphQLField<unknown, unknown> | undefined {
    if (parent === this.schema.getQueryType()) {
      if (name === '__schema') return SchemaMetaFieldDef;
      if (name === '__type') return TypeMetaFieldDef;
    }
    return parent.getFields()[name];
  }

  /** An argument's value as JSON, literal or through variables (recorded as read); undefined when absent. */
  argument(node: FieldNode, name: string): unknown {
    const arg = node.arguments?.find((a) => a.name.value === name);
    return arg ? this.valueOf(arg.value) : undefined;
  }

  private valueOf(value: ValueNode): unknown {
    switch (value.kind) {
      case Kind.VARIABLE: {
        const name = value.name.value;
        this.variablesRead.add(name);
        const given = this.options.variables?.[name];
        const fallback = this.defaults.get(name);
        return given === undefined && fallback ? this.valueOf(fallback) : given;
      }
      case Kind.INT:
        return Number(value.value);
      case Kind.STRING:
      case Kind.ENUM:
        return value.value;
      case Kind.OBJECT:
        return Object.fromEntries(value.fields.map((f) => [f.name.value, this.valueOf(f.value)]));
      default:
        return undefined;
    }
  }

  /** The `first` a list field is given, literally or through a variable; undefined when none. */
  first(node: FieldNode): number | undefined {
    const value = this.argument(node, 'first');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
    return this.options.maxPageSize ? Math.min(value, this.options.maxPageSize) : value;
  }

  /** Cost of one object of a field: the model's, else the field's own (declaredCost), else 1. */
  ownCost(key: string, field: GraphQLField<unknown, unknown>): number {
    return this.model.fieldCost[key] ?? costOf(field)?.cost ?? 1;
  }

  expectedSize(key: string, field: GraphQLField<unknown, unknown>, node: FieldNode, months: Months): number {
    const by = MONTHLY_LISTS[key];
    if (by) return months[by];
    const known = this.options.listSize?.(key, (name) => this.argument(node, name));
    if (known !== undefined) return Math.min(known, this.first(node) ?? known);
    const expected = this.model.listSize[key] ?? costOf(field)?.listSize ?? this.model.defaultListSize;
    return this.first(node) ?? (this.options.maxPageSize ? Math.min(expected, this.options.maxPageSize) : expected);
  }

  /**
   * The months the lists below a field hold: a `period` argument sets them (its length, known
   * from the argument before anything runs), a `months` argument sets a control chart's.
   */
  monthsBelow(node: FieldNode, months: Months): Months {
    if (!node.arguments?.length) return months;
    const period = this.argument(node, 'period');
    const out =
      period === undefined ? months : { period: periodMonths(period), chart: Math.max(12, periodMonths(period)) };
    const chart = this.argument(node, 'months');
    return typeof chart === 'number' && Number.isInteger(chart) ? { ...out, chart: clampMonths(chart) } : out;
  }

  /** Cost of a selection set on a type before execution. */
  requestedOf(
    selection: SelectionSetNode | undefined,
    type: Composite,
    depth: number,
    months: Months = DEFAULT_MONTHS,
  ): number {
    if (!selection) return 0;
    if (depth > 64) return Infinity; // depth limits refuse such documents first
    let byType = this.requested.get(selection);
    if (!byType) this.requested.set(selection, (byType = new Map<string, number>()));
    const memoKey = `${type.name}|${months.period}|${months.chart}`;
    const known = byType.get(memoKey);
    if (known !== undefined) return known;
    let total = 0;
    for (const { node, parent } of this.collect(selection, type)) {
      const field = this.field(parent, node.name.value);
      if (!field) continue; // __typename, or a field validation refuses
      const named = getNamedType(field.type);
      if (!isObjectType(named) && !isInterfaceType(named)) continue;
      const key = `${parent.name}.${field.name}`;
      const own = this.ownCost(key, field);
      const inner = this.requestedOf(node.selectionSet, named, depth + 1, this.monthsBelow(node, months));
      const size = isListType(getNullableType(field.type)) ? this.expectedSize(key, field, node, months) : 1;
      total += size * (own + inner);
    }
    byType.set(memoKey, total);
    return total;
  }

  /**
   * The fields of a selection set on a type that cost something (those returning objects), with
   * their response keys and own costs: worked out once per selection and type, then reused for
   * every item of a list (a league table walks the same selection hundreds of times).
   */
  private costedFields(selection: SelectionSetNode, type: Composite): CostedField[] {
    let byType = this.costed.get(selection);
    if (!byType) this.costed.set(selection, (byType = new Map<string, CostedField[]>()));
    const known = byType.get(type.name);
    if (known) return known;
    const out: CostedField[] = [];
    for (const { node, parent } of this.collect(selection, type)) {
      const field = this.field(parent, node.name.value);
      if (!field) continue;
      const named = getNamedType(field.type);
      if (!isObjectType(named) && !isInterfaceType(named)) continue;
      out.push({
        key: node.alias?.value ?? node.name.value,
        own: this.ownCost(`${parent.name}.${field.name}`, field),
        selection: node.selectionSet,
        type: named,
      });
    }
    byType.set(type.name, out);
    return out;
  }

  /** Cost of a selection set on a type from what execution returned. */
  actualOf(selection: SelectionSetNode | undefined, type: Composite, data: unknown, depth: number): number {
    if (!selection || depth > 64) return 0;
    return this.actualOfFields(this.costedFields(selection, type), data, depth);
  }

  private actualOfFields(fields: readonly CostedField[], data: unknown, depth: number): number {
    if (data === null || typeof data !== 'object') return 0;
    let total = 0;
    for (const f of fields) {
      const value = (data as Record<string, unknown>)[f.key];
      if (value === null || value === undefined) continue;
      const items = Array.isArray(value) ? value : null;
      // The costed fields below are the same for every item of a list: looked up once. An
      // object whose own fields cost nothing (a trend, a control chart, an area's code) adds
      // only its own cost, counted per item without walking it, as 352 LPUs' trends would be.
      const inner = f.selection && depth < 64 ? this.costedFields(f.selection, f.type) : NONE;
      if (inner.length === 0) total += f.own * (items ? items.length : 1);
      else if (items) for (const item of items) total += f.own + this.actualOfFields(inner, item, depth + 1);
      else total += f.own + this.actualOfFields(inner, value, depth + 1);
    }
    return total;
  }
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType | null | undefined {
  return operation.operation === OperationTypeNode.MUTATION
    ? schema.getMutationType()
    : operation.operation === OperationTypeNode.SUBSCRIPTION
      ? schema.getSubscriptionType()
      : schema.getQueryType();
}

/** A mutation writes: it costs at least 10 so writes are never free against a budget. */
const baseCost = (operation: OperationDefinitionNode) => (operation.operation === OperationTypeNode.MUTATION ? 10 : 0);

/** Cost of an operation before execution, from `first` arguments and the expected list sizes. */
export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  definitions: readonly { kind: Kind }[],
  model: CostModel = DEFAULT_COST_MODEL,
  options: CostOptions = {},
): number {
  const root = rootType(schema, operation);
  if (!root) return 0;
  // The cost depends on the document and on the variables its `first` arguments read (and the
  // page cap): kept per document and those values, it is worked out once, not on every request.
  const memo = documentMemo(definitions, schema, model);
  let known = memo.requested.get(operation);
  const key = known ? requestedKey(known.variables, options) : '';
  const cached = known?.byKey.get(key);
  if (cached !== undefined) return cached;
  const walk = new Walk(schema, operation, definitions, model, options);
  const cost = baseCost(operation) + walk.requestedOf(operation.selectionSet, root, 0);
  if (!known) memo.requested.set(operation, (known = { variables: [...walk.variablesRead].sort(), byKey: new Map() }));
  if (known.byKey.size >= 100) known.byKey.clear();
  known.byKey.set(requestedKey(known.variables, options), cost);
  return cost;
}

const requestedKey = (variables: readonly string[], options: CostOptions) =>
  `${options.maxPageSize ?? ''}|${options.listSizeKey ?? ''}|` +
  variables.map((v) => JSON.stringify(options.variables?.[v] ?? null)).join('|');

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
  return (
    baseCost(operation) +
    new Walk(schema, operation, definitions, model, {}).actualOf(operation.selectionSet, root, data, 0)
  );
}
