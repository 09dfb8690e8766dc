/**
 * The figures of one area, category and period, from its monthly facts and the targets
 * that apply: pure arithmetic over the DOMAIN.md formulas, no I/O, so every rule is unit
 * tested apart from the database.
 */
import { change, percentChange } from '../calc/change';
import { outcomeGap, outcomeRate, outcomesRequired } from '../calc/rates';
import { gapToTarget, targetLevel, targetMet } from '../calc/target';
import { monthsBetween } from '../period/month';
import type { ResolvedPeriod } from '../period/period';

export interface MonthFacts {
  month: number;
  recorded: number;
  outcomes: number;
}

export interface PerformanceFigures {
  recorded: number;
  previousRecorded: number;
  outcomes: number;
  previousOutcomes: number;
  change: number;
  percentChange: number | null;
  /** Months of the period (and of the comparison period) that had at least one fact. */
  monthsWithData: number[];
  previousMonthsWithData: number[];
  hasData: boolean;
  targetReduction: number | null;
  targetLevel: number | null;
  gapToTarget: number | null;
  targetMet: boolean | null;
  outcomeRate: number | null;
  previousOutcomeRate: number | null;
  targetOutcomeRate: number | null;
  outcomesRequired: number | null;
  outcomeGap: number | null;
  outcomeTargetMet: boolean | null;
  /** One entry per month of the period, zero-filled, with the same month a year earlier. */
  monthly: { month: number; recorded: number; outcomes: number; previousRecorded: number; hasData: boolean }[];
}

/** Indexes monthly facts by month. */
export function byMonth(series: readonly MonthFacts[]): Map<number, MonthFacts> {
  return new Map(series.map((m) => [m.month, m]));
}

/** Values of a series for each month of a range, 0 where a month has no facts. */
export function valuesOver(series: Map<number, MonthFacts>, from: number, to: number, pick: (m: MonthFacts) => number = (m) => m.recorded): number[] {
  return monthsBetween(from, to).map((month) => {
    const facts = series.get(month);
    return facts ? pick(facts) : 0;
  });
}

function sumOver(series: Map<number, MonthFacts>, months: number[]) {
  let recorded = 0;
  let outcomes = 0;
  const withData: number[] = [];
  for (const month of months) {
    const facts = series.get(month);
    if (!facts) continue;
    recorded += facts.recorded;
    outcomes += facts.outcomes;
    withData.push(month);
  }
  return { recorded, outcomes, withData };
}

/**
 * Figures over a period against the same months a year earlier. With no data at all in the
 * period the counts are 0 and every derived figure is null, so a missing month is never
 * mistaken for a fall in crime.
 */
export function computeFigures(
  series: readonly MonthFacts[],
  period: ResolvedPeriod,
  comparison: ResolvedPeriod,
  targets: { reductionPercent: number | null; outcomeRatePercent: number | null },
): PerformanceFigures {
  const facts = byMonth(series);
  const months = monthsBetween(period.from, period.to);
  const previousMonths = monthsBetween(comparison.from, comparison.to);
  const now = sumOver(facts, months);
  const before = sumOver(facts, previousMonths);
  const hasData = now.withData.length > 0;
  const comparable = hasData && before.withData.length > 0;

  const level = comparable ? targetLevel(before.recorded, targets.reductionPercent) : null;
  const gap = level === null ? null : gapToTarget(now.recorded, level);
  const rateTarget = targets.outcomeRatePercent;
  const rate = hasData ? outcomeRate(now.outcomes, now.recorded) : null;

  return {
    recorded: now.recorded,
    previousRecorded: before.recorded,
    outcomes: now.outcomes,
    previousOutcomes: before.outcomes,
    change: change(now.recorded, before.recorded),
    percentChange: comparable ? percentChange(now.recorded, before.recorded) : null,
    monthsWithData: now.withData,
    previousMonthsWithData: before.withData,
    hasData,
    targetReduction: targets.reductionPercent,
    targetLevel: level,
    gapToTarget: gap,
    targetMet: targetMet(gap),
    outcomeRate: rate,
    previousOutcomeRate: before.withData.length ? outcomeRate(before.outcomes, before.recorded) : null,
    targetOutcomeRate: rateTarget,
    outcomesRequired: rateTarget === null || !hasData ? null : outcomesRequired(rateTarget, now.recorded, now.outcomes),
    outcomeGap: rateTarget === null || !hasData ? null : outcomeGap(rateTarget, now.recorded, now.outcomes),
    outcomeTargetMet: rateTarget === null || rate === null ? null : rate >= rateTarget - 1e-9,
    monthly: months.map((month, i) => {
      const m = facts.get(month);
      return {
        month,
        recorded: m?.recorded ?? 0,
        outcomes: m?.outcomes ?? 0,
        previousRecorded: facts.get(previousMonths[i])?.recorded ?? 0,
        hasData: Boolean(m),
      };
    }),
  };
}
