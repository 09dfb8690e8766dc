/**
 * The per-request node behind a Performance object: an area, a category and the months compared,
 * with the promises of what its fields share (the series, the targets, the figures, the disclosure
 * decision), each started once, on first use, through the request's batched loaders. Nested rows
 * (children, descendants, subcategories) are nodes made from it, kept so prefetched figures are reused.
 */
import type { Context } from '../context/context';
import type { DisclosureDecision } from '../auth/disclosure';
import { RUNNING_TOTALS_FROM } from '../auth/disclosure';
import { protectedSeries } from '../auth/protected-figures';
import type { AreaRecord, CategoryRecord } from '../loaders/dimension.loaders';
import type { DimensionSnapshot } from '../loaders/dimensions';
import { seriesKey, type ObjectiveMatch } from '../loaders/figure.loaders';
import { addMonths } from '../period/month';
import { comparisonPeriod, type ResolvedPeriod } from '../period/period';
import { computeFigures, computePeriodFigures, type Known, type PerformanceFigures, type Series } from './figures';
import { NodeDisclosure, type NoiseSource } from './node-disclosure';
import type { PeerComparisonValue } from './peer-comparison';
import { Performance } from './performance.type';

/** Months of history fetched with every figure, so trends and control charts need no extra query. */
export const HISTORY_MONTHS = 24;

/** The objectives that apply to a node, and whether its periods' counts are known. */
export interface NodeTargets {
  recordedCrime: ObjectiveMatch | null;
  outcomeRate: ObjectiveMatch | null;
  known: Known;
}

/**
 * What a Performance object is made from; its figures are computed on first use. A Performance as
 * far as instanceof goes, so type-graphql hands it to field resolvers as it is.
 */
export class PerformanceNode extends Performance {
  private figuresPromise?: Promise<PerformanceFigures>;
  private targetsPromise?: Promise<NodeTargets>;
  private protectedPromise?: Promise<Series>;
  private readonly disclosureState: NodeDisclosure;

  constructor(
    area: AreaRecord,
    category: CategoryRecord,
    readonly range: ResolvedPeriod,
    readonly comparisonRange: ResolvedPeriod = comparisonPeriod(range),
    /** The period as the client asked for it; `range` is the months compared (clipped to the data). */
    readonly requested: ResolvedPeriod = range,
  ) {
    super();
    this.area = area;
    this.category = category;
    this.disclosureState = new NodeDisclosure(area, category);
  }

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
    if (this.disclosureState.decided) return RUNNING_TOTALS_FROM;
    return this.narrowFrom ?? Math.min(this.comparisonRange.from, addMonths(this.range.to, -(HISTORY_MONTHS - 1)));
  }

  /** Decides, once, whether this node's counts are perturbed for this caller (undefined: not yet known). */
  protection(ctx: Context): NoiseSource[] | null | undefined {
    return this.disclosureState.protection(ctx);
  }

  /**
   * Whether this node's disclosure can depend on its counts: an anonymous caller, a sensitive
   * category (or not known yet), below force level.
   */
  mayBeRestricted(ctx: Context): boolean {
    return this.protection(ctx) !== null;
  }

  /** The node's series as this caller may see it: perturbed counts where disclosure control applies. */
  series(ctx: Context): Promise<Series> {
    const sources = this.protection(ctx);
    if (sources === null)
      return ctx.figures.series.load(seriesKey(this.area.id, this.category.id, this.seriesFrom, this.range.to));
    this.protectedPromise ??= (async () => {
      const decided = sources ?? (await this.disclosureState.protectionSettled(ctx));
      if (decided === null)
        return ctx.figures.series.load(seriesKey(this.area.id, this.category.id, this.seriesFrom, this.range.to));
      return protectedSeries(ctx, this.area, this.category, decided, this.range.to);
    })();
    return this.protectedPromise;
  }

  /** The objectives that apply (from the dimension snapshot: no statement of its own). */
  targets(ctx: Context): Promise<NodeTargets> {
    this.targetsPromise ??= Promise.resolve(ctx.loaders.snapshot()).then((s) => this.targetsFrom(s));
    return this.targetsPromise;
  }

  private targetsFrom(s: DimensionSnapshot): NodeTargets {
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
    return this.disclosureState.settled(ctx);
  }

  /** The disclosure decision when it can be made now, without waiting (once the dimension snapshot is in). */
  disclosureNow(ctx: Context): DisclosureDecision | undefined {
    return this.disclosureState.now(ctx);
  }

  /** The figures as this caller may see them (perturbed where disclosure control applies; never null now). */
  async shownFigures(ctx: Context): Promise<PerformanceFigures | null> {
    const [disclosure, figures] = await Promise.all([this.disclosure(ctx), this.figures(ctx)]);
    return disclosure.withheld ? null : figures;
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

/** Nodes made from this one (children, descendants, subcategories), kept so prefetched figures are reused. */
const nested = new WeakMap<PerformanceNode, Map<string, Promise<PerformanceNode[]>>>();
function nestedNodes(
  node: PerformanceNode,
  key: string,
  make: () => Promise<PerformanceNode[]>,
): Promise<PerformanceNode[]> {
  let memo = nested.get(node);
  if (!memo) nested.set(node, (memo = new Map<string, Promise<PerformanceNode[]>>()));
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
