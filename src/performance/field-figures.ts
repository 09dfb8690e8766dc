/**
 * The figures of Performance's fields beyond the node's own figures as they are: significance,
 * crime rate, monthly values, coverage, contributions, outcomes by type, crimes under
 * investigation, target sources. Each applies the node's disclosure decision; loads are issued
 * as for a caller who sees everything, so statements never depend on what is withheld.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { poissonChangeTest } from '../calc/significance';
import { contributions } from '../calc/contributions';
import { crimeRatePer1000, ratePercent } from '../calc/rates';
import type { Context } from '../context/context';
import { noteFiguresWithheld } from '../auth/protected-figures';
import { seriesKey, type ObjectiveMatch } from '../loaders/figure.loaders';
import { addMonths, calendarYear, formatMonth } from '../period/month';
import { WarningCode } from '../warnings/codes';
import type { PerformanceFigures } from './figures';
import { childAreaNodes, childCategoryNodes, type PerformanceNode } from './performance.node';

export function targetSource(_ctx: Context, node: PerformanceNode, match: ObjectiveMatch | null) {
  if (!match) return null;
  return { objectiveId: match.objectiveId, areaId: match.areaId, inherited: match.areaId !== node.area.id };
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

/** Which months of the period (or of the comparison period) had data. */
export function coverageOf(figures: PerformanceFigures, comparison: boolean) {
  const withData = new Set(comparison ? figures.previousMonthsWithData : figures.monthsWithData);
  const all = figures.monthly.map((m) => (comparison ? addMonths(m.month, -12) : m.month));
  return {
    monthsWithData: all.filter((m) => withData.has(m)).map(formatMonth),
    monthsWithoutData: all.filter((m) => !withData.has(m)).map(formatMonth),
    complete: withData.size === all.length,
  };
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
