/**
 * Builds the Performance nodes a request asks for: resolves codes and periods (clipped to the data,
 * with a warning for each caveat), warns of months without data, and orders rows by a figure. The
 * node (performance.node.ts) loads its figures through the per-request loaders, batched across the
 * whole document; prefetch.ts starts those loads for every row at once.
 */
import { requireArea } from '../area/area.service';
import { requireCategory } from '../category/category.service';
import type { Context } from '../context/context';
import { formatMonth } from '../period/month';
import { resolvePeriod, type PeriodSpec, type ResolvedPeriod } from '../period/period';
import {
  clipToHorizon,
  clippedMessage,
  comparisonBeforeData,
  monthsWithout,
  type ComparedPeriods,
} from '../period/horizon';
import { WarningCode } from '../warnings/codes';
import type { PerformanceFigures } from './figures';
import { crimeRateOf } from './field-figures';
import { PerformanceNode } from './performance.node';

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
        `The comparison period ${formatMonth(compared.comparison.from)} to ` +
        `${formatMonth(compared.comparison.to)} starts before the first month of ` +
        `recorded crime data (${formatMonth(horizon!.first)}): its counts are not known, so the change, percent ` +
        `change and target figures are null.`,
      path,
    });
  }
  const outcomes = snapshot.horizons.outcomes;
  if (outcomes && outcomes.last < compared.period.to) {
    ctx.warnings.add({
      code: WarningCode.OUTCOMES_INCOMPLETE,
      message:
        `Outcomes are loaded to ${formatMonth(outcomes.last)} only: outcome figures for ${compared.period.label} ` +
        `miss the months after it.`,
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
    if (!f || node.mayBeRestricted(ctx)) continue;
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
  const values =
    orderBy === 'CRIME_RATE' ? await Promise.all(nodes.map((n) => Promise.resolve(crimeRateOf(ctx, n)))) : null;
  const value = orderBy === 'CRIME_RATE' ? null : ORDER_VALUE[orderBy];
  const keyed = nodes.map((node, i) => ({
    node,
    v: figures[i] === null ? null : values ? values[i] : value!(figures[i]),
  }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === null ? (b.v === null ? 0 : 1) : -1;
    return descending ? b.v - a.v : a.v - b.v;
  });
  return keyed.map((k) => k.node);
}
