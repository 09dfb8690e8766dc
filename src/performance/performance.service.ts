/**
 * Builds performance figures for the resolvers: resolves codes and periods, asks the
 * per-request loaders for monthly facts and targets (batched across the whole document),
 * and hands the numbers to the pure modules. Nothing here loops over fact rows: the
 * loaders return monthly sums from the rollups, at most a few dozen values a figure.
 */
import {
  getArgumentValues,
  getNamedType,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { requireArea } from '../area/area.service';
import { requireCategory } from '../category/category.service';
import { poissonChangeTest } from '../calc/significance';
import { trend } from '../calc/trend';
import { xmrChart, type ControlChart } from '../calc/control-chart';
import { contributions } from '../calc/contributions';
import { crimeRatePer1000, ratePercent } from '../calc/rates';
import { peerComparison, type PeerBand } from '../calc/peer';
import type { Context } from '../context/context';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import type { AreaRecord, CategoryRecord } from '../loaders/dimension.loaders';
import { seriesKey, type ObjectiveMatch } from '../loaders/figure.loaders';
import type { DimensionSnapshot } from '../loaders/dimensions';
import { addMonths, calendarYear, formatMonth, monthCount, monthsBetween } from '../period/month';
import { toPeriod } from '../period/period.type';
import {
  comparisonPeriod,
  periodLabel,
  resolvePeriod,
  trailingMonths,
  type PeriodSpec,
  type ResolvedPeriod,
} from '../period/period';
import {
  clipToHorizon,
  clippedMessage,
  comparisonBeforeData,
  monthsWithout,
  type ComparedPeriods,
} from '../period/horizon';
import { WarningCode } from '../warnings/codes';
import {
  computeFigures,
  computePeriodFigures,
  seriesValues,
  type Known,
  type PerformanceFigures,
  type Series,
} from './figures';
import {
  isBelowForce,
  NOT_RESTRICTED,
  PERTURBED,
  RUNNING_TOTALS_FROM,
  type DisclosureDecision,
} from '../auth/disclosure';
import { categorySensitive } from '../auth/sensitivity';
import { noteFiguresWithheld, protectedSeries, protectionFor, protectionOf } from '../auth/protected-figures';
import type { CategoryRecord as NoiseSource } from '../loaders/dimension.loaders';

/** Months of history fetched with every figure, so trends and control charts need no extra query. */
export const HISTORY_MONTHS = 24;

/** What a Performance object is made from; its figures are computed on first use. */
export class PerformanceNode {
  private figuresPromise?: Promise<PerformanceFigures>;
  private targetsPromise?: Promise<{
    recordedCrime: ObjectiveMatch | null;
    outcomeRate: ObjectiveMatch | null;
    known: Known;
  }>;
  private disclosurePromise?: Promise<DisclosureDecision>;

  constructor(
    readonly area: AreaRecord,
    readonly category: CategoryRecord,
    readonly range: ResolvedPeriod,
    readonly comparisonRange: ResolvedPeriod = comparisonPeriod(range),
    /** The period as the client asked for it; `range` is the months compared (clipped to the data). */
    readonly requested: ResolvedPeriod = range,
  ) {}

  /**
   * Set by prefetch, before any load, when the document asks this node for nothing of the
   * comparison period and its disclosure cannot depend on it: the series then starts here
   * (the period, or the earliest trend or control-chart window asked for), and the figures
   * are the period's alone (computePeriodFigures: reading a comparison figure from them throws).
   * A trend table of 352 LPUs then reads 12 months a row, not 24.
   */
  narrowFrom?: number;

  /** Whether the figures have been asked for: the months to load are settled. */
  get loadStarted(): boolean {
    return this.figuresPromise !== undefined;
  }

  /** The months fetched for this node: the comparison period through the period, and some history. */
  get seriesFrom(): number {
    // Perturbed counts come from running totals over every fact (src/auth/perturbation.ts).
    if (this.noiseSources) return RUNNING_TOTALS_FROM;
    return this.narrowFrom ?? Math.min(this.comparisonRange.from, addMonths(this.range.to, -(HISTORY_MONTHS - 1)));
  }

  /**
   * The categories whose noise this node's counts carry for this caller (src/auth/disclosure.ts),
   * or null when they are exact; undefined until decided (see protection).
   */
  private noiseSources?: NoiseSource[] | null;

  /** Decides, once, whether this node's counts are perturbed for this caller. */
  protection(ctx: Context): NoiseSource[] | null | undefined {
    if (this.noiseSources === undefined) this.noiseSources = protectionOf(ctx, this.area, this.category);
    return this.noiseSources;
  }

  private protectedPromise?: Promise<Series>;

  /** The node's series as this caller may see it: perturbed counts where disclosure control applies. */
  series(ctx: Context): Promise<Series> {
    const sources = this.protection(ctx);
    if (sources === null)
      return ctx.figures.series.load(seriesKey(this.area.id, this.category.id, this.seriesFrom, this.range.to));
    this.protectedPromise ??= (async () => {
      const decided = sources ?? (this.noiseSources = await protectionFor(ctx, this.area, this.category));
      if (decided === null)
        return ctx.figures.series.load(seriesKey(this.area.id, this.category.id, this.seriesFrom, this.range.to));
      return protectedSeries(ctx, this.area, this.category, decided, this.range.to);
    })();
    return this.protectedPromise;
  }

  /** The objectives that apply (from the dimension snapshot: no statement of its own). */
  targets(ctx: Context) {
    this.targetsPromise ??= Promise.resolve(ctx.loaders.snapshot()).then((s) => this.targetsFrom(s));
    return this.targetsPromise;
  }

  private targetsFrom(s: DimensionSnapshot) {
    let recordedCrime: ObjectiveMatch | null = null;
    let outcomeRate: ObjectiveMatch | null = null;
    for (const m of s.categoryTargets(this.area.id, this.category.id, this.range.from, this.range.to)) {
      if (m.measure === 'RECORDED_CRIME') recordedCrime = m;
      else if (m.measure === 'OUTCOME_RATE') outcomeRate = m;
    }
    // Inside the data horizon a month without a fact is a month without crime (a known 0).
    const h = s.horizons.recordedCrime;
    const inside = (p: ResolvedPeriod) => h !== null && p.from >= h.first && p.to <= h.last;
    const known = { period: inside(this.range), comparison: inside(this.comparisonRange) };
    return { recordedCrime, outcomeRate, known };
  }

  /** The figures once computed (undefined before): lets field resolvers answer without a promise. */
  figuresNow?: PerformanceFigures;
  /** The node's series (seriesFrom..range.to) once loaded. */
  seriesNow?: Series;

  figures(ctx: Context): Promise<PerformanceFigures> {
    this.figuresPromise ??= Promise.all([this.series(ctx), this.targets(ctx)]).then(([series, targets]) => {
      this.seriesNow = series;
      const given = {
        reductionPercent: targets.recordedCrime?.target ?? null,
        outcomeRatePercent: targets.outcomeRate?.target ?? null,
      };
      this.figuresNow =
        this.narrowFrom === undefined
          ? computeFigures(series, this.range, this.comparisonRange, given, targets.known)
          : computePeriodFigures(series, this.range, given, targets.known);
      return this.figuresNow;
    });
    return this.figuresPromise;
  }

  /**
   * What disclosure control does to this node's counts for this caller (src/auth/disclosure.ts):
   * decided from the caller, the area's level and the category tree, never from the counts.
   */
  disclosure(ctx: Context): Promise<DisclosureDecision> {
    const now = this.disclosureNow(ctx);
    if (now) return (this.disclosurePromise ??= Promise.resolve(now));
    this.disclosurePromise ??= protectionFor(ctx, this.area, this.category).then((sources) => {
      this.noiseSources ??= sources;
      return (this.disclosureValue = sources
        ? PERTURBED(ctx.disclosureThreshold)
        : NOT_RESTRICTED(ctx.disclosureThreshold));
    });
    return this.disclosurePromise;
  }

  /** The figures as this caller may see them (perturbed where disclosure control applies; never null now). */
  async shownFigures(ctx: Context): Promise<PerformanceFigures | null> {
    const [disclosure, figures] = await Promise.all([this.disclosure(ctx), this.figures(ctx)]);
    return disclosure.withheld ? null : figures;
  }

  private disclosureValue?: DisclosureDecision;

  /** The disclosure decision when it can be made now, without waiting (once the dimension snapshot is in). */
  disclosureNow(ctx: Context): DisclosureDecision | undefined {
    if (this.disclosureValue) return this.disclosureValue;
    const sources = this.protection(ctx);
    if (sources === undefined) return undefined;
    return (this.disclosureValue = sources
      ? PERTURBED(ctx.disclosureThreshold)
      : NOT_RESTRICTED(ctx.disclosureThreshold));
  }

  /** shownFigures when known now (null when withheld), undefined while they load. */
  shownNow(ctx: Context): PerformanceFigures | null | undefined {
    const f = this.figuresNow;
    if (!f) return undefined;
    const d = this.disclosureNow(ctx);
    if (!d) return undefined;
    return d.withheld ? null : f;
  }

  /** Peer comparisons asked of this node, by months and group, and their values once settled. */
  readonly peer = new Map<string, Promise<PeerComparisonValue>>();
  readonly peerNow = new Map<string, PeerComparisonValue>();
}

/**
 * A figure of a node for a field resolver: the value itself when the node's figures are in
 * (no promise, so graphql-js completes the field synchronously), else a promise of it.
 */
export function shownField<T>(
  ctx: Context,
  node: PerformanceNode,
  pick: (f: PerformanceFigures) => T,
): T | null | Promise<T | null> {
  const now = node.shownNow(ctx);
  if (now !== undefined) return now === null ? null : pick(now);
  return node.shownFigures(ctx).then((f) => (f === null ? null : pick(f)));
}

/** Like shownField, for figures shown whatever the disclosure (targets). */
export function figuresField<T>(
  ctx: Context,
  node: PerformanceNode,
  pick: (f: PerformanceFigures) => T,
): T | Promise<T> {
  const now = node.figuresNow;
  if (now) return pick(now);
  return node.figures(ctx).then(pick);
}

/** A period as the API shows it; `requested` is the period as asked when the months compared were clipped to the data. */
/**
 * The months compared for a requested period: clipped to the recorded crime horizon of the
 * request's snapshot (src/period/horizon.ts), with a warning for each caveat of the answer.
 * The snapshot is the one the codes were looked up in: no statement of its own.
 */
export async function comparedPeriods(
  ctx: Context,
  requested: ResolvedPeriod,
  path?: ReadonlyArray<string | number>,
): Promise<ComparedPeriods> {
  const snapshot = ctx.loaders.snapshotNow() ?? (await ctx.loaders.snapshot());
  const horizon = snapshot.horizons.recordedCrime;
  const compared = clipToHorizon(requested, horizon);
  if (compared.clipped)
    ctx.warnings.add({ code: WarningCode.PERIOD_CLIPPED, message: clippedMessage(compared, horizon!), path });
  if (comparisonBeforeData(compared.comparison, horizon)) {
    ctx.warnings.add({
      code: WarningCode.COMPARISON_BEFORE_DATA,
      message:
        `The comparison period ${formatMonth(compared.comparison.from)} to ${formatMonth(compared.comparison.to)} starts before the first month of ` +
        `recorded crime data (${formatMonth(horizon!.first)}): its counts are not known, so the change, percent change and target figures are null.`,
      path,
    });
  }
  const outcomes = snapshot.horizons.outcomes;
  if (outcomes && outcomes.last < compared.period.to) {
    ctx.warnings.add({
      code: WarningCode.OUTCOMES_INCOMPLETE,
      message: `Outcomes are loaded to ${formatMonth(outcomes.last)} only: outcome figures for ${compared.period.label} miss the months after it.`,
      path,
    });
  }
  return compared;
}

export async function performanceFor(
  ctx: Context,
  areaCode: string,
  categoryCode: string,
  input: PeriodSpec,
  path?: ReadonlyArray<string | number>,
): Promise<PerformanceNode> {
  const requested = resolvePeriod(input);
  const [area, category] = await Promise.all([requireArea(ctx, areaCode), requireCategory(ctx, categoryCode)]);
  const compared = await comparedPeriods(ctx, requested, path);
  return new PerformanceNode(area, category, compared.period, compared.comparison, requested);
}

/**
 * Warns of months of the compared period without a fact for a node whose figures are in and shown
 * (a force that has not sent a month, say): they count as 0.
 */
export function warnMonthsWithoutData(
  ctx: Context,
  nodes: readonly PerformanceNode[],
  path?: ReadonlyArray<string | number>,
): void {
  const gaps: string[] = [];
  for (const node of nodes) {
    const f = node.shownNow(ctx);
    // A month without a fact is a count of 0: not said of figures whose small counts may be protected.
    if (!f || mayBeRestricted(ctx, node)) continue;
    const missing = monthsWithout(node.range.from, node.range.to, f.monthsWithData);
    if (missing.length > 0)
      gaps.push(`${node.area.code}/${node.category.code} (${missing.map(formatMonth).join(', ')})`);
  }
  if (gaps.length === 0) return;
  const listed = gaps.length > 5 ? `${gaps.slice(0, 5).join('; ')} and ${gaps.length - 5} more` : gaps.join('; ');
  ctx.warnings.add({
    code: WarningCode.MONTHS_WITHOUT_DATA,
    message: `Some months of the period hold no recorded crime for ${listed}: they count as 0 (see coverage).`,
    path,
  });
}

export type ChildOrder =
  'NAME' | 'RECORDED' | 'CHANGE' | 'PERCENT_CHANGE' | 'GAP_TO_TARGET' | 'OUTCOME_RATE' | 'CRIME_RATE';

const ORDER_VALUE: Record<Exclude<ChildOrder, 'NAME' | 'CRIME_RATE'>, (f: PerformanceFigures) => number | null> = {
  RECORDED: (f) => f.recorded,
  CHANGE: (f) => f.change,
  PERCENT_CHANGE: (f) => f.percentChange,
  GAP_TO_TARGET: (f) => f.gapToTarget,
  OUTCOME_RATE: (f) => f.outcomeRate,
};

/** Orders nodes by a figure; nodes without that figure (null) always come last. */
export async function orderNodes(
  ctx: Context,
  nodes: PerformanceNode[],
  orderBy: ChildOrder,
  descending: boolean,
): Promise<PerformanceNode[]> {
  if (orderBy === 'NAME') {
    const sorted = [...nodes].sort(
      (a, b) => a.area.name.localeCompare(b.area.name) || a.category.name.localeCompare(b.category.name),
    );
    return descending ? sorted.reverse() : sorted;
  }
  // Withheld figures order as unknown (last), so a position never hints at a hidden count.
  const figures = await Promise.all(nodes.map((n) => n.shownFigures(ctx)));
  // The rate's population comes from the dimension snapshot: no statement of its own.
  const values = orderBy === 'CRIME_RATE' ? await Promise.all(nodes.map((n) => crimeRateOf(ctx, n))) : null;
  const value = orderBy === 'CRIME_RATE' ? null : ORDER_VALUE[orderBy];
  const keyed = nodes.map((node, i) => ({
    node,
    v: figures[i] === null ? null : values ? values[i] : value!(figures[i]!),
  }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === null ? (b.v === null ? 0 : 1) : -1;
    return descending ? b.v - a.v : a.v - b.v;
  });
  return keyed.map((k) => k.node);
}

/** Nodes made from this one (children, descendants, subcategories), kept so prefetched figures are reused. */
const nested = new WeakMap<PerformanceNode, Map<string, Promise<PerformanceNode[]>>>();
function nestedNodes(
  node: PerformanceNode,
  key: string,
  make: () => Promise<PerformanceNode[]>,
): Promise<PerformanceNode[]> {
  let memo = nested.get(node);
  if (!memo) nested.set(node, (memo = new Map()));
  let nodes = memo.get(key);
  if (!nodes) memo.set(key, (nodes = make()));
  return nodes;
}

export function childAreaNodes(ctx: Context, node: PerformanceNode): Promise<PerformanceNode[]> {
  return nestedNodes(node, 'children', async () => {
    const children = await ctx.loaders.areaChildren.load(node.area.id);
    return children.map(
      (area) => new PerformanceNode(area, node.category, node.range, node.comparisonRange, node.requested),
    );
  });
}

/** The same figures for every area below this one at a level (e.g. every LPU of a force). */
export function descendantAreaNodes(ctx: Context, node: PerformanceNode, level: string): Promise<PerformanceNode[]> {
  return nestedNodes(node, `descendants|${level}`, async () => {
    const areas = await ctx.loaders.areaDescendants.load(`${node.area.id}|${level}`);
    return areas.map(
      (area) => new PerformanceNode(area, node.category, node.range, node.comparisonRange, node.requested),
    );
  });
}

export function childCategoryNodes(ctx: Context, node: PerformanceNode): Promise<PerformanceNode[]> {
  return nestedNodes(node, 'subcategories', async () => {
    const children = await ctx.loaders.categoryChildren.load(node.category.id);
    return children.map(
      (category) => new PerformanceNode(node.area, category, node.range, node.comparisonRange, node.requested),
    );
  });
}

export async function targetSource(ctx: Context, node: PerformanceNode, match: ObjectiveMatch | null) {
  if (!match) return null;
  return { objectiveId: match.objectiveId, areaId: match.areaId, inherited: match.areaId !== node.area.id };
}

/**
 * A series over a window and the disclosure decision, now when both are known (the window lies
 * within the node's series, which its figures loaded), else a promise of them.
 */
function windowValues(
  ctx: Context,
  node: PerformanceNode,
  from: number,
  to: number,
):
  { disclosure: DisclosureDecision; values: number[] } | Promise<{ disclosure: DisclosureDecision; values: number[] }> {
  const disclosure = node.disclosureNow(ctx);
  // A perturbed node's series holds every month from the start of the data: windows lie within.
  const within = from >= node.seriesFrom || node.protection(ctx) !== null;
  if (within && node.seriesNow && disclosure) return { disclosure, values: seriesValues(node.seriesNow, from, to) };
  return Promise.all([
    node.disclosure(ctx),
    within ? node.series(ctx) : ctx.figures.series.load(seriesKey(node.area.id, node.category.id, from, to)),
  ]).then(([d, series]) => ({ disclosure: d, values: seriesValues(series, from, to) }));
}

/**
 * The trailing `n` months to `to`, from the first month of recorded crime at the earliest: months
 * before the data are not known, and counting them as 0 would bend a trend or a chart.
 */
export function trailingInData(ctx: Context, to: number, n: number): { from: number; to: number } {
  const window = trailingMonths(to, n);
  const first = ctx.loaders.snapshotNow()?.horizons.recordedCrime?.first;
  return first !== undefined && window.from < first && to >= first ? { from: first, to } : window;
}

/** Warns (PERIOD_CLIPPED, at the field) when a trailing window of `n` months was cut at the first month of data. */
export function warnWindow(
  ctx: Context,
  info: Pick<GraphQLResolveInfo, 'path'> | undefined,
  to: number,
  n: number,
  what: string,
): void {
  if (!Number.isInteger(n) || n < 1) return; // the field reports it
  const window = trailingInData(ctx, to, n);
  if (!info || window.from === trailingMonths(to, n).from) return;
  ctx.warnings.addAt(
    info,
    WarningCode.PERIOD_CLIPPED,
    `The ${n}-month ${what} to ${formatMonth(to)} starts before the first month of recorded crime data: it covers ${formatMonth(window.from)} to ${formatMonth(to)} only.`,
  );
}

function then<T, R>(value: T | Promise<T>, f: (v: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

export function trendOf(ctx: Context, node: PerformanceNode, months: number) {
  if (!Number.isInteger(months) || months < 2 || months > 120) {
    throw new BadUserInputError(`A trend needs between 2 and 120 months; got ${months}.`, 'months');
  }
  const window = trailingInData(ctx, node.range.to, months);
  return then(windowValues(ctx, node, window.from, window.to), ({ disclosure, values }) => {
    if (disclosure.withheld) return null;
    const result = trend(values, { months });
    return {
      direction: result.direction,
      slope: result.slope,
      relativeChange: result.relativeChangePercent,
      months: result.months,
    };
  });
}

export function controlChartOf(ctx: Context, node: PerformanceNode, months: number | null) {
  const n = months ?? Math.max(node.range.months, 12);
  if (!Number.isInteger(n) || n < 2 || n > 240)
    throw new BadUserInputError(`A control chart needs between 2 and 240 months; got ${n}.`, 'months');
  const window = trailingInData(ctx, node.range.to, n);
  return then(windowValues(ctx, node, window.from, window.to), ({ disclosure, values }) => {
    if (disclosure.withheld) return null;
    const chart = xmrChart(values);
    return chart ? new ControlChartValue(chart, window.from, window.to) : null;
  });
}

/**
 * A control chart as the API shows it: months formatted only when a client asks for the points.
 * A class rather than a literal with a getter, which V8 builds about 20 times slower (one per row).
 */
class ControlChartValue {
  readonly centreLine: number;
  readonly upperLimit: number | null;
  readonly lowerLimit: number | null;
  readonly averageMovingRange: number | null;
  readonly hasSignal: boolean;
  private pointList: { month: string; value: number; movingRange: number | null; signals: string[] }[] | undefined =
    undefined;

  constructor(
    private readonly chart: ControlChart,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.centreLine = chart.centreLine;
    this.upperLimit = chart.upperLimit;
    this.lowerLimit = chart.lowerLimit;
    this.averageMovingRange = chart.averageMovingRange;
    this.hasSignal = chart.hasSignal;
  }

  get points() {
    if (!this.pointList) {
      const monthList = monthsBetween(this.from, this.to);
      this.pointList = this.chart.points.map((p) => ({
        month: formatMonth(monthList[p.index]),
        value: p.value,
        movingRange: p.movingRange,
        signals: p.signals,
      }));
    }
    return this.pointList;
  }
}

export async function significanceOf(ctx: Context, node: PerformanceNode) {
  const f = await node.shownFigures(ctx);
  if (!f || !f.comparable) return null;
  return poissonChangeTest(f.recorded, f.previousRecorded);
}

export function crimeRateOf(ctx: Context, node: PerformanceNode): number | null | Promise<number | null> {
  const snapshot = ctx.loaders.snapshotNow();
  const f = node.shownNow(ctx);
  // hasData: the period's counts are known (inside the data horizon, a month without a fact is 0).
  if (snapshot && f !== undefined)
    return f?.hasData
      ? crimeRatePer1000(f.recorded, snapshot.population(node.area.id, calendarYear(node.range.to)))
      : null;
  return Promise.all([
    node.shownFigures(ctx),
    ctx.loaders.population.load(`${node.area.id}|${calendarYear(node.range.to)}`),
  ]).then(([shown, population]) => (shown?.hasData ? crimeRatePer1000(shown.recorded, population) : null));
}

export type PeerComparisonValue = Awaited<ReturnType<typeof computePeerComparison>>;

/**
 * The area's rate against its peer group over the trailing `months` ending with the period
 * (the period's own months by default). Null when the area belongs to no peer group. Worked
 * out once per node and arguments; the value itself once settled (see prefetch).
 */
export function peerComparisonOf(
  ctx: Context,
  node: PerformanceNode,
  months: number | null,
  groupCode: string | null,
): PeerComparisonValue | Promise<PeerComparisonValue> {
  const key = `${months}|${groupCode}`;
  if (node.peerNow.has(key)) return node.peerNow.get(key)!;
  let pending = node.peer.get(key);
  if (!pending) {
    pending = computePeerComparison(ctx, node, months, groupCode);
    pending.then(
      (v) => node.peerNow.set(key, v),
      () => undefined,
    );
    node.peer.set(key, pending);
  }
  return pending;
}

async function computePeerComparison(
  ctx: Context,
  node: PerformanceNode,
  months: number | null,
  groupCode: string | null,
) {
  const n = months ?? node.range.months;
  if (!Number.isInteger(n) || n < 1 || n > 120)
    throw new BadUserInputError(`Peer comparison takes 1 to 120 months; got ${n}.`, 'months');
  // Loads are issued exactly as for a caller who sees everything, and the disclosure decision
  // applied at the end: batches (and statements) never depend on what is withheld.
  const decision = Promise.all([node.disclosure(ctx), categorySensitive(ctx, node.category)]);
  // Below force level, would a member's counts be perturbed for this caller? (The same test as the node's.)
  const memberPerturbed = (area: typeof node.area) => protectionOf(ctx, area, node.category) !== null;
  decision.catch(() => undefined); // awaited below; not an unhandled rejection on the early returns
  // The snapshot is in by the time a figure exists (its area came from it): read at once, so the
  // members' loads below join the rows' own series in one batch rather than a later statement.
  const snapshot = ctx.loaders.snapshotNow() ?? (await ctx.loaders.snapshot());
  const groups = snapshot.peerGroupsOf(node.area.id);
  const group = groupCode
    ? groups.find((g) => g.code === groupCode)
    : [...groups].sort((a, b) => a.code.localeCompare(b.code))[0];
  if (groupCode && !group) {
    throw new NotFoundError(
      `peer group of ${node.area.code} with`,
      groupCode,
      `${node.area.code} belongs to: ${groups.map((g) => g.code).join(', ') || 'none'}.`,
    );
  }
  if (!group) return null;
  const window = trailingInData(ctx, node.range.to, n);
  const year = calendarYear(window.to);
  // Each member's recorded crimes over the window, from its series (members in area id order,
  // so that equal rates rank the same way whatever the group's listing order).
  const members = [...snapshot.peerGroupMembers(group.id)].sort((a, b) => a.id - b.id);
  const totals = await ctx.figures.peerTotals(
    group.id,
    members.map((m) => m.id),
    node.category.id,
    window.from,
    window.to,
  );
  const [disclosure] = await decision;
  if (disclosure.withheld) return null;
  const rated = members.map((area, i) => {
    const recorded = totals[i];
    const population = snapshot.population(area.id, year);
    return { area, recorded, population, rate: crimeRatePer1000(recorded, population) };
  });
  // Peer groups hold forces; members' totals are exact, so one below force level withholds the
  // comparison from a caller who sees its counts perturbed, whatever the counts (src/auth/disclosure.ts).
  if (disclosure.restricted || rated.some((r) => isBelowForce(r.area.level) && memberPerturbed(r.area))) {
    noteFiguresWithheld(ctx);
    return null;
  }
  const own = rated.find((r) => r.area.id === node.area.id);
  const comparison = peerComparison(
    own?.rate ?? null,
    rated.map((r) => r.rate).filter((r): r is number => r !== null),
  );
  const ranked = [...rated].sort((a, b) => (b.rate ?? -Infinity) - (a.rate ?? -Infinity));
  return new PeerComparisonResult(
    own?.rate ?? null,
    comparison?.peerMean ?? null,
    comparison?.peerStdDev ?? null,
    comparison?.band ?? 'SIMILAR',
    group,
    own?.rate == null ? null : ranked.findIndex((r) => r.area.id === node.area.id) + 1,
    ranked,
    { kind: 'ROLLING', from: window.from, to: window.to, months: monthCount(window.from, window.to) },
  );
}

/**
 * A peer comparison; its period formatted and labelled only when a client asks for it (a league
 * row rarely does). A class, since V8 builds an object literal with a getter about 20 times slower.
 */
class PeerComparisonResult<G, M> {
  private periodValue: ReturnType<typeof toPeriod> | undefined = undefined;

  constructor(
    readonly rate: number | null,
    readonly peerMean: number | null,
    readonly peerStdDev: number | null,
    readonly band: PeerBand,
    readonly group: G,
    readonly rank: number | null,
    readonly members: M[],
    private readonly window: { kind: 'ROLLING'; from: number; to: number; months: number },
  ) {}

  get period() {
    const w = this.window;
    this.periodValue ??= toPeriod({ ...w, label: periodLabel('ROLLING', w.from, w.to) });
    return this.periodValue;
  }
}

/** Which children (categories or areas) account for the change, each with its share. */
export async function contributionsOf(ctx: Context, node: PerformanceNode, by: 'CATEGORY' | 'AREA') {
  const parts = by === 'CATEGORY' ? await childCategoryNodes(ctx, node) : await childAreaNodes(ctx, node);
  // The parts' figures are loaded as for a caller who sees everything; the decision comes after.
  const [figures, shown, own] = await Promise.all([
    Promise.all(parts.map((p) => p.figures(ctx))),
    Promise.all(parts.map((p) => p.shownFigures(ctx))),
    node.disclosure(ctx),
  ]);
  // Every part's counts are as this caller may see them (perturbed where disclosure control applies).
  if (own.withheld || shown.some((f) => f === null)) return null;
  const shares = contributions(
    parts.map((p, i) => ({ key: String(i), current: figures[i].recorded, previous: figures[i].previousRecorded })),
  );
  return shares.map((s) => {
    const part = parts[Number(s.key)];
    return {
      category: by === 'CATEGORY' ? part.category : null,
      area: by === 'AREA' ? part.area : null,
      recorded: s.current,
      previousRecorded: s.previous,
      change: s.change,
      percentChange: s.percentChange,
      shareOfChange: s.shareOfChange,
    };
  });
}

export async function outcomeBreakdownOf(ctx: Context, node: PerformanceNode) {
  const [now, before, disclosure] = await Promise.all([
    ctx.figures.outcomeTypes.load(seriesKey(node.area.id, node.category.id, node.range.from, node.range.to)),
    ctx.figures.outcomeTypes.load(
      seriesKey(node.area.id, node.category.id, node.comparisonRange.from, node.comparisonRange.to),
    ),
    node.disclosure(ctx),
  ]);
  // By type, counts are not perturbed: withheld as a whole from a caller who sees the totals perturbed.
  if (disclosure.withheld || disclosure.restricted) {
    if (disclosure.restricted) noteFiguresWithheld(ctx);
    return null;
  }
  const types = [...new Set([...now, ...before].map((o) => o.outcomeType))];
  const count = (list: typeof now, t: string) => list.find((o) => o.outcomeType === t)?.count ?? 0;
  const rows = types
    .map((outcomeType) => ({ outcomeType, count: count(now, outcomeType), previousCount: count(before, outcomeType) }))
    .sort((a, b) => b.count - a.count || b.previousCount - a.previousCount);
  return rows;
}

export async function underInvestigationOf(
  ctx: Context,
  node: PerformanceNode,
  info?: Pick<GraphQLResolveInfo, 'path'>,
): Promise<number | null> {
  const [count, disclosure] = await Promise.all([
    ctx.figures.underInvestigation.load(`${node.area.id}|${node.category.id}|${node.range.to}`),
    node.disclosure(ctx),
  ]);
  const horizon = ctx.loaders.snapshotNow()?.horizons.investigations;
  if (count === null && info && (!horizon || node.range.to > horizon.last || node.range.to < horizon.first)) {
    const held = horizon
      ? `snapshots are loaded for ${formatMonth(horizon.first)} to ${formatMonth(horizon.last)}`
      : 'none is loaded';
    ctx.warnings.addAt(
      info,
      WarningCode.INVESTIGATIONS_NOT_LOADED,
      `No snapshot of crimes under investigation as of ${formatMonth(node.range.to)}: ${held}.`,
    );
  }
  // A snapshot is not perturbed: withheld, whatever the count, from a caller who sees the totals perturbed.
  if (disclosure.withheld || disclosure.restricted) {
    if (disclosure.restricted) noteFiguresWithheld(ctx);
    return null;
  }
  return count;
}

/** Monthly values as this caller may see them: every month's counts null when any is withheld. */
export async function monthlyOf(ctx: Context, node: PerformanceNode) {
  const [disclosure, figures] = await Promise.all([node.disclosure(ctx), node.figures(ctx)]);
  // Months come from the same (perturbed, where disclosure control applies) series as the totals.
  const hidden = disclosure.withheld;
  return figures.monthly.map((m) => ({
    month: formatMonth(m.month),
    hasData: m.hasData,
    withheld: hidden,
    recorded: hidden ? null : m.recorded,
    outcomes: hidden ? null : m.outcomes,
    outcomeRate: hidden ? null : ratePercent(m.outcomes, m.recorded),
    previousRecorded: hidden ? null : m.previousRecorded,
  }));
}

/** Fields of Performance that read the figures (and so the series and targets). */
const FIGURE_FIELDS = new Set([
  'disclosure',
  'recorded',
  'previousRecorded',
  'change',
  'percentChange',
  'targetReduction',
  'targetLevel',
  'gapToTarget',
  'targetMet',
  'outcomes',
  'previousOutcomes',
  'outcomeRate',
  'previousOutcomeRate',
  'targetOutcomeRate',
  'outcomesRequired',
  'outcomeGap',
  'outcomeTargetMet',
  'crimeRatePer1000',
  'trend',
  'monthly',
  'coverage',
  'comparisonCoverage',
  'controlChart',
  'significance',
]);

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

/** The selection sets of a field named `name` within some selection sets (e.g. `performance` within a scorecard row). */
export function subSelections(
  sets: readonly (SelectionSetNode | undefined)[],
  name: string,
  info: PrefetchInfo,
): SelectionSetNode[] {
  return selectedFields(sets, info)
    .filter((f) => f.name.value === name && f.selectionSet)
    .map((f) => f.selectionSet!);
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

export interface PrefetchOptions {
  /**
   * The nodes are this field's own, made for it and reached by no other field (a league table's
   * rows, a root `performance`): they may load only the months their selection needs
   * (PerformanceNode.narrowFrom). Not for nested rows, which aliases of one parent share.
   */
  ownNodes?: boolean;
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
 * Fields that need nothing of the comparison period: the period's own counts and rates, targets
 * (policy), trend and control chart (their own windows), and what loads on its own (peer
 * comparison, crimes under investigation). Any other field keeps the whole series.
 */
const PERIOD_ONLY_FIELDS = new Set([
  '__typename',
  'area',
  'category',
  'period',
  'comparisonPeriod',
  'recorded',
  'outcomes',
  'outcomeRate',
  'targetReduction',
  'targetOutcomeRate',
  'outcomesRequired',
  'outcomeGap',
  'outcomeTargetMet',
  'crimeRatePer1000',
  'trend',
  'controlChart',
  'peerComparison',
  'underInvestigation',
]);

/**
 * The first month the selected fields need, when they need nothing of the comparison period
 * (see PerformanceNode.narrowFrom); undefined when they do, or when an argument cannot be read.
 */
function periodOnlyFrom(
  fields: readonly FieldNode[],
  range: ResolvedPeriod,
  argsOf: (field: FieldNode) => Record<string, unknown>,
): number | undefined {
  let from = range.from;
  for (const field of fields) {
    const name = field.name.value;
    if (!PERIOD_ONLY_FIELDS.has(name)) return undefined;
    if (name !== 'trend' && name !== 'controlChart') continue;
    let months: unknown;
    try {
      months = argsOf(field).months;
    } catch {
      return undefined;
    }
    const n = name === 'controlChart' && months == null ? Math.max(range.months, 12) : months;
    if (!Number.isInteger(n) || (n as number) < 1) return undefined; // the field reports it
    from = Math.min(from, trailingMonths(range.to, n as number).from);
  }
  return from;
}

/** Whether a node's disclosure can depend on its counts: an anonymous caller, a sensitive category (or not known yet), below force level. */
const mayBeRestricted = (ctx: Context, node: PerformanceNode) => node.protection(ctx) !== null;

function prefetchLevel(
  ctx: Context,
  nodes: readonly PerformanceNode[],
  sets: readonly (SelectionSetNode | undefined)[],
  info: PrefetchInfo,
  ownNodes = false,
): Promise<unknown>[] {
  const type = info.schema.getType('Performance') as GraphQLObjectType;
  const argsOf = (field: FieldNode) =>
    getArgumentValues(type.getFields()[field.name.value], field, info.variableValues);
  let figures = false;
  const work: Promise<unknown>[] = [];
  const selected = selectedFields(sets, info);
  // Nodes asked for nothing of the comparison period load the months they need, no more.
  for (const node of ownNodes ? nodes : []) {
    if (node.narrowFrom !== undefined || node.loadStarted || mayBeRestricted(ctx, node)) continue;
    const from = periodOnlyFrom(selected, node.range, argsOf);
    if (from !== undefined && from > node.seriesFrom) node.narrowFrom = from;
  }
  for (const field of selected) {
    const name = field.name.value;
    if (FIGURE_FIELDS.has(name)) figures = true;
    else if (
      name === 'peerComparison' ||
      name === 'children' ||
      name === 'descendants' ||
      name === 'subcategories' ||
      name === 'contributions'
    ) {
      let args: Record<string, unknown>;
      try {
        args = argsOf(field);
      } catch {
        continue; // a bad argument is the field's own error to report
      }
      if (name === 'peerComparison') {
        for (const node of nodes) {
          try {
            work.push(
              Promise.resolve(
                peerComparisonOf(
                  ctx,
                  node,
                  (args.months as number | null) ?? null,
                  (args.group as string | null) ?? null,
                ),
              ),
            );
          } catch {
            // thrown again, and reported, by the field
          }
        }
      } else if (name === 'contributions') {
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
            name === 'children'
              ? childAreaNodes(ctx, node)
              : name === 'subcategories'
                ? childCategoryNodes(ctx, node)
                : descendantAreaNodes(ctx, node, String(args.level));
          work.push(kids.then((k) => Promise.allSettled(prefetchLevel(ctx, k, [field.selectionSet], info))));
        }
      }
    }
  }
  if (figures) for (const node of nodes) work.push(node.figures(ctx));
  return work;
}
