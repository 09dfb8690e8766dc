/**
 * The emergent scorecard: each objective of a plan measured for an area at a month, with
 * the classification of docs/domain.md. Objectives cascade: for each measure and subject the one
 * set for the nearest area at or above the scored area applies.
 */
import { requireArea } from '../area/area.service';
import { classificationRank, classify, shortfallPoints } from '../calc/classification';
import { gapToTarget, targetedChangePercent, targetLevel, targetMet } from '../calc/target';
import { outcomeGap } from '../calc/rates';
import { pointsAboveReduction, pointsBelowRate, rateAtLeast } from '../calc/exact';
import type { Context } from '../context/context';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import type { AreaRecord, ObjectiveRecord, PlanRecord } from '../loaders/dimension.loaders';
import { formatMonth, monthCount, parseMonth } from '../period/month';
import { comparisonPeriod, periodLabel, type ResolvedPeriod } from '../period/period';
import { comparedPeriods, warnMonthsWithoutData } from '../performance/performance.service';
import { PerformanceNode } from '../performance/performance.node';
import { prefetchSelection, subSelections } from '../performance/prefetch';
import { toPeriod } from '../period/period.type';
import { responsePathAsArray, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { hintPeriodEnd } from '../cache/cache-hints';
import { requirePlan } from '../plan/plan.service';
import { satisfactionOf } from '../satisfaction/satisfaction.service';
import { NOT_RESTRICTED } from '../auth/disclosure';

export interface ScorecardOptions {
  tolerancePoints: number;
  orderBy: 'CLASSIFICATION' | 'PLAN';
  /**
   * The scorecard (or dashboard) field's resolve info: the rows' `performance { children ... }`
   * (and the dashboard's `allCrime`) then load in the same wave as the rows' own figures.
   */
  info?: GraphQLResolveInfo;
  /** The period as asked, when the months measured were clipped to the data (rows' `performance.period.requested`). */
  requested?: ResolvedPeriod;
}

/** Year to date of the plan's financial year to asOf; asOf must lie inside that year. */
export function planPeriod(plan: PlanRecord, asOfText: string): ResolvedPeriod {
  const asOf = parseMonth(asOfText, 'asOf');
  if (asOf < plan.startMonth || asOf > plan.endMonth) {
    throw new BadUserInputError(
      `asOf ${asOfText} is outside plan ${plan.code}'s financial year ${plan.financialYear} ` +
        `(${formatMonth(plan.startMonth)} to ${formatMonth(plan.endMonth)}).`,
      'asOf',
    );
  }
  const kind = asOf === plan.endMonth ? 'FINANCIAL_YEAR' : 'YEAR_TO_DATE';
  return {
    kind,
    from: plan.startMonth,
    to: asOf,
    months: monthCount(plan.startMonth, asOf),
    label: periodLabel(kind, plan.startMonth, asOf),
  };
}

/** The objectives that apply to an area: per measure and subject, the nearest one at or above it. */
async function applicableObjectives(ctx: Context, plan: PlanRecord, area: AreaRecord): Promise<ObjectiveRecord[]> {
  const [objectives, ancestors] = await Promise.all([
    ctx.loaders.objectivesOfPlan.load(plan.id),
    ctx.loaders.areaAncestors.load(area.id),
  ]);
  const depthOf = new Map<number, number>([
    [area.id, 0],
    ...ancestors.map((a, i) => [a.id, i + 1] as [number, number]),
  ]);
  const chosen = new Map<string, ObjectiveRecord>();
  for (const o of objectives) {
    const depth = depthOf.get(o.areaId);
    if (depth === undefined) continue;
    const key = `${o.measure}|${o.categoryId ?? o.survey}`;
    const current = chosen.get(key);
    if (!current || depth < depthOf.get(current.areaId)!) chosen.set(key, o);
  }
  return [...chosen.values()];
}

async function statusOf(
  ctx: Context,
  objective: ObjectiveRecord,
  area: AreaRecord,
  period: ResolvedPeriod,
  options: ScorecardOptions,
  rowSets: SelectionSetNode[],
) {
  const base = {
    objectiveId: objective.id,
    objective,
    area,
    performance: null as PerformanceNode | null,
    satisfaction: null as unknown,
    disclosure: NOT_RESTRICTED(ctx.disclosureThreshold),
  };
  let actual: number | null = null;
  let target: number | null;
  let gap: number | null = null;
  let met: boolean | null = null;
  let shortfall: number | null = null;
  if (objective.measure === 'SATISFACTION') {
    const path = options.info ? responsePathAsArray(options.info.path) : undefined;
    const s = await satisfactionOf(ctx, area, objective.survey!, period.to, { target: objective.target, path });
    base.satisfaction = s;
    base.disclosure = s.disclosure;
    actual = s.rate;
    target = objective.target;
    gap = s.rate === null ? null : pointsBelowRate(objective.target, s.satisfied, s.respondents);
    met = s.rate === null ? null : rateAtLeast(s.satisfied, s.respondents, objective.target);
  } else {
    const category = await ctx.loaders.categoryById.load(objective.categoryId!);
    if (!category) throw new NotFoundError('crime category', String(objective.categoryId));
    const node = new PerformanceNode(area, category, period, comparisonPeriod(period), options.requested ?? period);
    base.performance = node;
    // What the row's `performance { ... }` asks for (its children's figures, say) loads with the row's own.
    const nested = options.info
      ? prefetchSelection(ctx, [node], subSelections(rowSets, 'performance', options.info), options.info)
      : undefined;
    const [f, disclosure] = await Promise.all([node.figures(ctx), node.disclosure(ctx), nested]);
    base.disclosure = disclosure;
    if (disclosure.withheld) {
      // Small counts of a sensitive category: nothing derived from them is shown (src/auth/disclosure.ts).
      target = objective.measure === 'RECORDED_CRIME' ? targetedChangePercent(objective.target) : objective.target;
    } else if (objective.measure === 'RECORDED_CRIME') {
      actual = f.percentChange;
      target = targetedChangePercent(objective.target);
      // The scorecard measures against this objective's target, which may differ from the
      // one the node's own cascade would pick; the arithmetic is the shared one.
      const level = f.comparable ? targetLevel(f.previousRecorded, objective.target) : null;
      gap = gapToTarget(f.recorded, level);
      met = targetMet(gap);
      if (actual !== null) shortfall = pointsAboveReduction(f.recorded, f.previousRecorded, objective.target);
    } else {
      actual = f.outcomeRate;
      target = objective.target;
      gap = f.hasData ? outcomeGap(objective.target, f.recorded, f.outcomes) : null;
      met = actual === null ? null : rateAtLeast(f.outcomes, f.recorded, objective.target);
      if (actual !== null) shortfall = pointsBelowRate(objective.target, f.outcomes, f.recorded);
    }
  }
  if (objective.measure === 'SATISFACTION' && gap !== null) shortfall = gap;
  // Worked from the counts (src/calc/exact.ts) where they are known; the generic difference otherwise.
  shortfall ??= shortfallPoints(objective.measure, actual, target);
  return {
    ...base,
    actual,
    target,
    gap,
    met: met ?? false,
    shortfallPoints: shortfall,
    classification: classify({
      harm: objective.harm,
      met,
      shortfallPoints: shortfall,
      tolerancePoints: options.tolerancePoints,
    }),
  };
}

export type ObjectiveStatusValue = Awaited<ReturnType<typeof statusOf>>;

export async function scorecardOf(
  ctx: Context,
  plan: PlanRecord,
  area: AreaRecord,
  period: ResolvedPeriod,
  options: ScorecardOptions,
  rowSets?: SelectionSetNode[],
) {
  if (!(options.tolerancePoints >= 0))
    throw new BadUserInputError('tolerancePoints must be 0 or more.', 'tolerancePoints');
  const objectives = await applicableObjectives(ctx, plan, area);
  const sets = rowSets ?? options.info?.fieldNodes.map((f) => f.selectionSet!).filter(Boolean) ?? [];
  const rows = await Promise.all(objectives.map((o) => statusOf(ctx, o, area, period, options, sets)));
  const nodes = rows.map((r) => r.performance).filter((n): n is PerformanceNode => n !== null);
  warnMonthsWithoutData(ctx, nodes, options.info ? responsePathAsArray(options.info.path) : undefined);
  if (options.orderBy === 'CLASSIFICATION') {
    // Stable: within a classification the plan's own order is kept.
    return rows
      .map((row, i) => ({ row, i }))
      .sort((a, b) => classificationRank(a.row.classification) - classificationRank(b.row.classification) || a.i - b.i)
      .map((x) => x.row);
  }
  return rows;
}

/**
 * The months a scorecard measures: the plan's year to date to asOf, clipped to the recorded crime
 * data (a PERIOD_CLIPPED warning says so); they, not asOf, set the cache lifetime.
 */
async function scoredPeriod(
  ctx: Context,
  plan: PlanRecord,
  asOf: string,
  options: ScorecardOptions,
): Promise<{ period: ResolvedPeriod; requested: ResolvedPeriod }> {
  const requested = planPeriod(plan, asOf);
  const compared = await comparedPeriods(
    ctx,
    requested,
    options.info ? responsePathAsArray(options.info.path) : undefined,
  );
  hintPeriodEnd(ctx, compared.period.to);
  return { period: compared.period, requested };
}

export async function scorecardFor(
  ctx: Context,
  planCode: string,
  areaCode: string,
  asOf: string,
  options: ScorecardOptions,
) {
  const [plan, area] = await Promise.all([requirePlan(ctx, planCode), requireArea(ctx, areaCode)]);
  const { period, requested } = await scoredPeriod(ctx, plan, asOf, options);
  return scorecardOf(ctx, plan, area, period, { ...options, requested });
}

export async function dashboardFor(
  ctx: Context,
  planCode: string,
  areaCode: string,
  asOf: string,
  options: ScorecardOptions,
) {
  const [plan, area] = await Promise.all([requirePlan(ctx, planCode), requireArea(ctx, areaCode)]);
  const { period, requested } = await scoredPeriod(ctx, plan, asOf, options);
  const allCrimeCategory = await ctx.loaders.categoryByCode.load('ALL_CRIME');
  if (!allCrimeCategory)
    throw new NotFoundError('crime category', 'ALL_CRIME', 'The dashboard needs the ALL_CRIME category.');
  const allCrime = new PerformanceNode(area, allCrimeCategory, period, comparisonPeriod(period), requested);
  const info = options.info;
  const dashboardSets = info ? info.fieldNodes.map((f) => f.selectionSet!).filter(Boolean) : [];
  // allCrime and its children load in the scorecard's wave; its rows (and highThreats') nested fields likewise.
  const [scorecard] = await Promise.all([
    scorecardOf(
      ctx,
      plan,
      area,
      period,
      { ...options, orderBy: 'CLASSIFICATION', requested },
      info
        ? [...subSelections(dashboardSets, 'scorecard', info), ...subSelections(dashboardSets, 'highThreats', info)]
        : undefined,
    ),
    info ? prefetchSelection(ctx, [allCrime], subSelections(dashboardSets, 'allCrime', info), info) : undefined,
  ]);
  return {
    plan,
    area,
    period: toPeriod(period, requested),
    scorecard,
    highThreats: scorecard.filter((r) => r.classification === 'HIGH'),
    allCrime,
    satisfaction: scorecard.filter((r) => r.satisfaction).map((r) => r.satisfaction),
  };
}
