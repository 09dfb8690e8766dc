/**
 * The figures of one area, category and period, from its monthly facts and the targets
 * that apply: pure arithmetic over the formulas of docs/domain.md, no I/O, so every rule is unit
 * tested apart from the database.
 */
import { change, percentChange } from '../calc/change';
import { outcomeGap, outcomeRate, outcomesRequired } from '../calc/rates';
import { gapToTarget, targetLevel, targetMet } from '../calc/target';
import { rateAtLeast } from '../calc/exact';
import { comparable as bothKnown, comparisonKnown, periodKnown } from '../calc/known';
import { monthsBetween, uncheckedMonthIndex } from '../period/month';
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
  /** Whether both periods' counts are known, so changes and targets can be worked out. */
  comparable: boolean;
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

/**
 * A monthly series as three parallel arrays, months ascending (YYYYMM); months without facts
 * are absent. What the series loader returns: one row of arrays per figure, no object per month.
 */
export interface Series {
  months: number[];
  recorded: number[];
  outcomes: number[];
}

/** A series from monthly facts in any order. */
export function toSeries(facts: readonly MonthFacts[]): Series {
  const sorted = [...facts].sort((a, b) => a.month - b.month);
  return {
    months: sorted.map((f) => f.month),
    recorded: sorted.map((f) => f.recorded),
    outcomes: sorted.map((f) => f.outcomes),
  };
}

/** Indexes monthly facts by month. */
export function byMonth(series: readonly MonthFacts[]): Map<number, MonthFacts> {
  return new Map(series.map((m) => [m.month, m]));
}

/** Values of a series for each month of a range, 0 where a month has no facts. */
export function valuesOver(
  series: Map<number, MonthFacts>,
  from: number,
  to: number,
  pick: (m: MonthFacts) => number = (m) => m.recorded,
): number[] {
  return monthsBetween(from, to).map((month) => {
    const facts = series.get(month);
    return facts ? pick(facts) : 0;
  });
}

/** Recorded crimes of a series for each month from..to, 0 where a month has no facts. */
export function seriesValues(series: Series, from: number, to: number): number[] {
  const first = uncheckedMonthIndex(from);
  const values = new Array<number>(uncheckedMonthIndex(to) - first + 1).fill(0);
  const { months, recorded } = series;
  for (let i = 0; i < months.length; i++) {
    const k = uncheckedMonthIndex(months[i]) - first;
    if (k >= 0 && k < values.length) values[k] = recorded[i];
  }
  return values;
}

/** Recorded crimes of a whole series (a series is loaded for the months wanted). */
export function totalRecorded(series: Series): number {
  let total = 0;
  for (const r of series.recorded) total += r;
  return total;
}

function sumOver(series: Series, from: number, to: number) {
  let recorded = 0;
  let outcomes = 0;
  const withData: number[] = [];
  const { months } = series;
  for (let i = 0; i < months.length; i++) {
    const month = months[i];
    if (month < from || month > to) continue;
    recorded += series.recorded[i];
    outcomes += series.outcomes[i];
    withData.push(month);
  }
  return { recorded, outcomes, withData };
}

/** The outcome figures of a period against its outcome-rate target (docs/domain.md). */
function outcomeFigures(recorded: number, outcomes: number, hasData: boolean, rateTarget: number | null) {
  const rate = hasData ? outcomeRate(outcomes, recorded) : null;
  return {
    outcomeRate: rate,
    outcomesRequired: rateTarget === null || !hasData ? null : outcomesRequired(rateTarget, recorded, outcomes),
    outcomeGap: rateTarget === null || !hasData ? null : outcomeGap(rateTarget, recorded, outcomes),
    outcomeTargetMet: rateTarget === null || rate === null ? null : rateAtLeast(outcomes, recorded, rateTarget),
  };
}

/**
 * Figures over a period against the same months a year earlier. With no data at all in the
 * period the counts are 0 and every derived figure is null, so a missing month is never
 * mistaken for a fall in crime. `monthly` is worked out only when read.
 */
export function computeFigures(
  input: readonly MonthFacts[] | Series,
  period: ResolvedPeriod,
  comparison: ResolvedPeriod,
  targets: { reductionPercent: number | null; outcomeRatePercent: number | null },
  known: Known = {},
): PerformanceFigures {
  const series = Array.isArray(input) ? toSeries(input as readonly MonthFacts[]) : (input as Series);
  return new Figures(series, period, comparison, targets, known);
}

/**
 * Whether the store holds data for every month of the period (and of the comparison period):
 * inside the data horizon a month without a fact is a month without crime, so its 0 is a known
 * 0 and the figures over it are not null. Outside it (or when not said) only months with a fact
 * count as known.
 */
export interface Known {
  period?: boolean;
  comparison?: boolean;
}

/**
 * The figures, with `monthly` worked out when first read. A class, not an object literal with a
 * getter: V8 builds such a literal through its runtime, about 20 times slower than an instance
 * (a league table makes one per row).
 */
class Figures implements PerformanceFigures {
  readonly recorded: number;
  readonly previousRecorded: number;
  readonly outcomes: number;
  readonly previousOutcomes: number;
  readonly change: number;
  readonly percentChange: number | null;
  readonly monthsWithData: number[];
  readonly previousMonthsWithData: number[];
  readonly hasData: boolean;
  readonly comparable: boolean;
  readonly targetReduction: number | null;
  readonly targetLevel: number | null;
  readonly gapToTarget: number | null;
  readonly targetMet: boolean | null;
  readonly outcomeRate: number | null;
  readonly previousOutcomeRate: number | null;
  readonly targetOutcomeRate: number | null;
  readonly outcomesRequired: number | null;
  readonly outcomeGap: number | null;
  readonly outcomeTargetMet: boolean | null;
  private monthlyValue: PerformanceFigures['monthly'] | undefined = undefined;

  constructor(
    private readonly series: Series,
    private readonly period: ResolvedPeriod,
    private readonly comparison: ResolvedPeriod,
    targets: { reductionPercent: number | null; outcomeRatePercent: number | null },
    known: Known,
  ) {
    const now = sumOver(series, period.from, period.to);
    const before = sumOver(series, comparison.from, comparison.to);
    const hasData = periodKnown(now.withData.length, known.period);
    const previousKnown = comparisonKnown(before.withData.length, known.comparison);
    const comparable = bothKnown(hasData, previousKnown);
    const level = comparable ? targetLevel(before.recorded, targets.reductionPercent) : null;
    const gap = level === null ? null : gapToTarget(now.recorded, level);
    const outcome = outcomeFigures(now.recorded, now.outcomes, hasData, targets.outcomeRatePercent);
    this.recorded = now.recorded;
    this.previousRecorded = before.recorded;
    this.outcomes = now.outcomes;
    this.previousOutcomes = before.outcomes;
    this.change = change(now.recorded, before.recorded);
    this.percentChange = comparable ? percentChange(now.recorded, before.recorded) : null;
    this.monthsWithData = now.withData;
    this.previousMonthsWithData = before.withData;
    this.hasData = hasData;
    this.comparable = comparable;
    this.targetReduction = targets.reductionPercent;
    this.targetLevel = level;
    this.gapToTarget = gap;
    this.targetMet = targetMet(gap);
    this.outcomeRate = outcome.outcomeRate;
    this.previousOutcomeRate =
      previousKnown || before.withData.length ? outcomeRate(before.outcomes, before.recorded) : null;
    this.targetOutcomeRate = targets.outcomeRatePercent;
    this.outcomesRequired = outcome.outcomesRequired;
    this.outcomeGap = outcome.outcomeGap;
    this.outcomeTargetMet = outcome.outcomeTargetMet;
  }

  get monthly(): PerformanceFigures['monthly'] {
    this.monthlyValue ??= monthlyOf(this.series, this.period, this.comparison);
    return this.monthlyValue;
  }
}

/**
 * The figures of the period alone, for a node whose document asks nothing of the comparison
 * period (a trend table's `recorded`): its series starts at the period, so what depends on
 * the comparison period was never loaded, and reading it is a bug, reported as one rather
 * than answered with a 0 (see PerformanceNode.narrowFrom).
 */
export function computePeriodFigures(
  series: Series,
  period: ResolvedPeriod,
  targets: { reductionPercent: number | null; outcomeRatePercent: number | null },
  known: Known = {},
): PerformanceFigures {
  return new PeriodFigures(series, period, targets, known);
}

const notLoaded = (field: string): never => {
  throw new Error(`Internal error: ${field} read from figures loaded without their comparison period`);
};

class PeriodFigures implements PerformanceFigures {
  readonly recorded: number;
  readonly outcomes: number;
  readonly monthsWithData: number[];
  readonly hasData: boolean;
  readonly targetReduction: number | null;
  readonly outcomeRate: number | null;
  readonly targetOutcomeRate: number | null;
  readonly outcomesRequired: number | null;
  readonly outcomeGap: number | null;
  readonly outcomeTargetMet: boolean | null;

  constructor(
    series: Series,
    period: ResolvedPeriod,
    targets: { reductionPercent: number | null; outcomeRatePercent: number | null },
    known: Known,
  ) {
    const now = sumOver(series, period.from, period.to);
    const hasData = periodKnown(now.withData.length, known.period);
    const outcome = outcomeFigures(now.recorded, now.outcomes, hasData, targets.outcomeRatePercent);
    this.recorded = now.recorded;
    this.outcomes = now.outcomes;
    this.monthsWithData = now.withData;
    this.hasData = hasData;
    this.targetReduction = targets.reductionPercent;
    this.outcomeRate = outcome.outcomeRate;
    this.targetOutcomeRate = targets.outcomeRatePercent;
    this.outcomesRequired = outcome.outcomesRequired;
    this.outcomeGap = outcome.outcomeGap;
    this.outcomeTargetMet = outcome.outcomeTargetMet;
  }

  get previousRecorded(): number {
    return notLoaded('previousRecorded');
  }
  get previousOutcomes(): number {
    return notLoaded('previousOutcomes');
  }
  get change(): number {
    return notLoaded('change');
  }
  get percentChange(): number | null {
    return notLoaded('percentChange');
  }
  get previousMonthsWithData(): number[] {
    return notLoaded('previousMonthsWithData');
  }
  get comparable(): boolean {
    return notLoaded('comparable');
  }
  get targetLevel(): number | null {
    return notLoaded('targetLevel');
  }
  get gapToTarget(): number | null {
    return notLoaded('gapToTarget');
  }
  get targetMet(): boolean | null {
    return notLoaded('targetMet');
  }
  get previousOutcomeRate(): number | null {
    return notLoaded('previousOutcomeRate');
  }
  get monthly(): PerformanceFigures['monthly'] {
    return notLoaded('monthly');
  }
}

function monthlyOf(series: Series, period: ResolvedPeriod, comparison: ResolvedPeriod): PerformanceFigures['monthly'] {
  const at = new Map<number, number>();
  series.months.forEach((m, i) => at.set(m, i));
  const months = monthsBetween(period.from, period.to);
  const previousMonths = monthsBetween(comparison.from, comparison.to);
  return months.map((month, i) => {
    const m = at.get(month);
    const p = at.get(previousMonths[i]);
    return {
      month,
      recorded: m === undefined ? 0 : series.recorded[m],
      outcomes: m === undefined ? 0 : series.outcomes[m],
      previousRecorded: p === undefined ? 0 : series.recorded[p],
      hasData: m !== undefined,
    };
  });
}
