import {
  computeFigures,
  computePeriodFigures,
  valuesOver,
  byMonth,
  totalRecorded,
  toSeries,
  type MonthFacts,
} from '../../src/performance/figures';
import { comparisonPeriod, resolvePeriod } from '../../src/period/period';

const ytd = resolvePeriod({ financialYear: '2013-14', asOf: '2013-11' });
const previous = comparisonPeriod(ytd);
const NO_TARGETS = { reductionPercent: null, outcomeRatePercent: null };

/** n months from `from`, the whole total in the first (the figures only see sums). */
function totalInFirstMonth(from: number, n: number, recorded: number, outcomes: number): MonthFacts[] {
  return Array.from({ length: n }, (_, i) => {
    const m = from + i;
    return { month: m, recorded: i === 0 ? recorded : 0, outcomes: i === 0 ? outcomes : 0 };
  });
}

describe('computeFigures', () => {
  it("reproduces the report's domestic burglary page from its totals", () => {
    const series = [...totalInFirstMonth(201204, 8, 2762, 826), ...totalInFirstMonth(201304, 8, 2666, 448)];
    const f = computeFigures(series, ytd, previous, { reductionPercent: 13, outcomeRatePercent: 25 });
    expect(f.recorded).toBe(2666);
    expect(f.previousRecorded).toBe(2762);
    expect(f.change).toBe(-96);
    expect(f.percentChange).toBeCloseTo(-3.4757, 4);
    expect(f.targetLevel).toBeCloseTo(2402.94, 6);
    expect(f.gapToTarget).toBeCloseTo(263.06, 6);
    expect(f.targetMet).toBe(false);
    expect(f.outcomeRate).toBeCloseTo(16.8042, 4);
    expect(f.outcomesRequired).toBe(219);
    expect(f.outcomeGap).toBeCloseTo(218.5, 6);
    expect(f.outcomeTargetMet).toBe(false);
    expect(f.monthly).toHaveLength(8);
    expect(f.monthly[0]).toEqual({
      month: 201304,
      recorded: 2666,
      outcomes: 448,
      previousRecorded: 2762,
      hasData: true,
    });
  });

  it('a target met exactly: gap 0 is met, outcome rate equal to the target is met, nothing required', () => {
    const series = [
      { month: 201304, recorded: 87, outcomes: 50 },
      { month: 201204, recorded: 100, outcomes: 40 },
    ];
    const period = resolvePeriod({ month: '2013-04' });
    const f = computeFigures(series, period, comparisonPeriod(period), {
      reductionPercent: 13,
      outcomeRatePercent: 50,
    });
    expect(f.gapToTarget).toBe(0);
    expect(f.targetMet).toBe(true);
    expect(f.outcomeRate).toBe((50 / 87) * 100);
    const exact = computeFigures([{ month: 201304, recorded: 100, outcomes: 50 }], period, comparisonPeriod(period), {
      reductionPercent: null,
      outcomeRatePercent: 50,
    });
    expect(exact.outcomeTargetMet).toBe(true);
    expect(exact.outcomesRequired).toBe(0);
  });

  it('no target: every target figure is null', () => {
    const f = computeFigures(
      [
        { month: 201304, recorded: 10, outcomes: 2 },
        { month: 201204, recorded: 8, outcomes: 1 },
      ],
      ytd,
      previous,
      NO_TARGETS,
    );
    expect([
      f.targetReduction,
      f.targetLevel,
      f.gapToTarget,
      f.targetMet,
      f.targetOutcomeRate,
      f.outcomesRequired,
      f.outcomeGap,
      f.outcomeTargetMet,
    ]).toEqual([null, null, null, null, null, null, null, null]);
    expect(f.percentChange).toBe(25);
  });

  it('zero in the comparison period: change is counted, percent change and target level are null', () => {
    const f = computeFigures(
      [
        { month: 201304, recorded: 5, outcomes: 0 },
        { month: 201204, recorded: 0, outcomes: 0 },
      ],
      ytd,
      previous,
      { reductionPercent: 10, outcomeRatePercent: null },
    );
    expect(f.change).toBe(5);
    expect(f.percentChange).toBeNull();
    expect(f.targetLevel).toBe(0);
    expect(f.gapToTarget).toBe(5);
  });

  it('an empty period says so: zero counts, null derived figures, no months with data', () => {
    const f = computeFigures([{ month: 201204, recorded: 40, outcomes: 10 }], ytd, previous, {
      reductionPercent: 13,
      outcomeRatePercent: 25,
    });
    expect(f.hasData).toBe(false);
    expect(f.recorded).toBe(0);
    expect(f.previousRecorded).toBe(40);
    expect(f.monthsWithData).toEqual([]);
    expect(f.previousMonthsWithData).toEqual([201204]);
    expect([f.percentChange, f.targetLevel, f.gapToTarget, f.targetMet, f.outcomeRate, f.outcomesRequired]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(f.previousOutcomeRate).toBe(25);
  });

  it('a custom range across a financial-year boundary compares month by month with a year earlier', () => {
    const period = resolvePeriod({ from: '2013-02', to: '2013-05' });
    const comparison = comparisonPeriod(period);
    expect([comparison.from, comparison.to]).toEqual([201202, 201205]);
    const series: MonthFacts[] = [201202, 201203, 201204, 201205, 201302, 201303, 201304, 201305].map((month, i) => ({
      month,
      recorded: 10 + i,
      outcomes: 1,
    }));
    const f = computeFigures(series, period, comparison, NO_TARGETS);
    expect(f.recorded).toBe(14 + 15 + 16 + 17);
    expect(f.previousRecorded).toBe(10 + 11 + 12 + 13);
    expect(f.monthly.map((m) => [m.month, m.previousRecorded])).toEqual([
      [201302, 10],
      [201303, 11],
      [201304, 12],
      [201305, 13],
    ]);
  });

  it('months without facts count as 0 and are named in the coverage', () => {
    const f = computeFigures(
      [
        { month: 201304, recorded: 3, outcomes: 1 },
        { month: 201306, recorded: 4, outcomes: 0 },
      ],
      ytd,
      previous,
      NO_TARGETS,
    );
    expect(f.recorded).toBe(7);
    expect(f.monthsWithData).toEqual([201304, 201306]);
    expect(f.monthly.filter((m) => !m.hasData)).toHaveLength(6);
  });
});

describe('valuesOver', () => {
  it('zero-fills the months of a range, across a year end', () => {
    const series = byMonth([
      { month: 201311, recorded: 4, outcomes: 1 },
      { month: 201401, recorded: 6, outcomes: 2 },
    ]);
    expect(valuesOver(series, 201310, 201402)).toEqual([0, 4, 0, 6, 0]);
    expect(valuesOver(series, 201310, 201402, (m) => m.outcomes)).toEqual([0, 1, 0, 2, 0]);
  });
});

describe('totalRecorded', () => {
  test('sums every month of a series; an empty series is 0', () => {
    const series = toSeries([
      { month: 202402, recorded: 7, outcomes: 1 },
      { month: 202401, recorded: 5, outcomes: 0 },
      { month: 202403, recorded: 0, outcomes: 0 },
    ]);
    expect(totalRecorded(series)).toBe(12);
    expect(totalRecorded({ months: [], recorded: [], outcomes: [] })).toBe(0);
  });
});

describe('computePeriodFigures', () => {
  const facts: MonthFacts[] = [
    { month: 201304, recorded: 10, outcomes: 3 },
    { month: 201306, recorded: 8, outcomes: 2 },
    { month: 201311, recorded: 12, outcomes: 5 },
    { month: 201205, recorded: 30, outcomes: 1 },
  ];
  const period = resolvePeriod({ financialYear: '2013-14', asOf: '2013-11' });
  const targets = { reductionPercent: 5, outcomeRatePercent: 25 };

  test("the period's figures are those computeFigures gives, from a series that starts at the period", () => {
    const full = computeFigures(facts, period, comparisonPeriod(period), targets);
    const own = computePeriodFigures(toSeries(facts.filter((f) => f.month >= period.from)), period, targets);
    for (const key of [
      'recorded',
      'outcomes',
      'monthsWithData',
      'hasData',
      'targetReduction',
      'outcomeRate',
      'targetOutcomeRate',
      'outcomesRequired',
      'outcomeGap',
      'outcomeTargetMet',
    ] as const) {
      expect([key, own[key]]).toEqual([key, full[key]]);
    }
    expect(own.recorded).toBe(30);
    expect(own.outcomesRequired).toBe(0);
  });

  test('reading a comparison figure is an error, never a 0', () => {
    const own = computePeriodFigures(toSeries(facts), period, targets);
    expect(() => own.previousRecorded).toThrow(
      /previousRecorded read from figures loaded without their comparison period/,
    );
    expect(() => own.gapToTarget).toThrow(/gapToTarget/);
    expect(() => own.monthly).toThrow(/monthly/);
  });
});
