/**
 * The data horizon: the first and last month the store holds facts for, per kind of fact, and
 * the clipping of periods to it. A period that reaches past the last month is answered on the
 * months both it and its comparison period can be compared on (financial year 2013-14 with data
 * to 2013-11 is answered as the year to date to 2013-11, against April to November 2012), so a
 * part year is never set against a whole one. A period with no month inside the data is refused:
 * a row of zeros would read as "no crime".
 */
import { PeriodOutsideDataError } from '../errors/errors';
import { addMonths, formatMonth, monthCount } from './month';
import { comparisonPeriod, periodLabel, type PeriodKind, type ResolvedPeriod } from './period';

/** The kinds of fact with a horizon of their own, in the order the snapshot statement lists them. */
export const FACT_KINDS = ['recordedCrime', 'outcomes', 'investigations', 'satisfaction'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** First and last month (YYYYMM) with at least one fact of a kind. */
export interface Horizon {
  first: number;
  last: number;
}
/** Per kind of fact; null when the store holds none of that kind. */
export type DataHorizons = Record<FactKind, Horizon | null>;

/** Words for a kind of fact, for messages. */
export const FACT_WORDS: Record<FactKind, string> = {
  recordedCrime: 'recorded crime',
  outcomes: 'outcomes',
  investigations: 'crimes under investigation',
  satisfaction: 'victim satisfaction surveys',
};

/** What was asked, and the months actually compared. */
export interface ComparedPeriods {
  requested: ResolvedPeriod;
  period: ResolvedPeriod;
  comparison: ResolvedPeriod;
  /** True when `period` is shorter than `requested` (clipped to the data). */
  clipped: boolean;
}

function outside(requested: ResolvedPeriod, horizon: Horizon | null, facts: FactKind): PeriodOutsideDataError {
  const words = FACT_WORDS[facts];
  const held = horizon
    ? `${words} from ${formatMonth(horizon.first)} to ${formatMonth(horizon.last)}`
    : `no ${words} yet`;
  const advice = horizon
    ? `ask for months from ${formatMonth(horizon.first)} to ${formatMonth(horizon.last)}`
    : 'load some first';
  return new PeriodOutsideDataError(`${requested.label} has no month with data: the store holds ${held}; ${advice}.`, {
    facts,
    requestedFrom: formatMonth(requested.from),
    requestedTo: formatMonth(requested.to),
    firstMonth: horizon ? formatMonth(horizon.first) : null,
    lastMonth: horizon ? formatMonth(horizon.last) : null,
  });
}

/** The kind of a cut period: a financial year cut at its end is a year to date; anything else cut is a range. */
function clippedKind(kind: PeriodKind, startKept: boolean): PeriodKind {
  if (startKept && (kind === 'FINANCIAL_YEAR' || kind === 'YEAR_TO_DATE')) return 'YEAR_TO_DATE';
  return 'CUSTOM';
}

/**
 * The months of `requested` inside the horizon, and the same months a year earlier. Throws
 * PeriodOutsideDataError (PERIOD_OUTSIDE_DATA) when no month of it is inside.
 */
export function clipToHorizon(
  requested: ResolvedPeriod,
  horizon: Horizon | null,
  facts: FactKind = 'recordedCrime',
): ComparedPeriods {
  if (!horizon || requested.from > horizon.last || requested.to < horizon.first)
    throw outside(requested, horizon, facts);
  const from = Math.max(requested.from, horizon.first);
  const to = Math.min(requested.to, horizon.last);
  if (from === requested.from && to === requested.to)
    return { requested, period: requested, comparison: comparisonPeriod(requested), clipped: false };
  const kind = clippedKind(requested.kind, from === requested.from);
  const period: ResolvedPeriod = { kind, from, to, months: monthCount(from, to), label: periodLabel(kind, from, to) };
  return { requested, period, comparison: comparisonPeriod(period), clipped: true };
}

/** Whether the comparison period of `period` reaches before the first month of data. */
export function comparisonBeforeData(comparison: ResolvedPeriod, horizon: Horizon | null): boolean {
  return horizon !== null && comparison.from < horizon.first;
}

/** The warning text of a clipped period. */
export function clippedMessage(c: ComparedPeriods, horizon: Horizon, facts: FactKind = 'recordedCrime'): string {
  const end = c.period.to < c.requested.to ? `the ${FACT_WORDS[facts]} data ends at ${formatMonth(horizon.last)}` : '';
  const start =
    c.period.from > c.requested.from ? `the ${FACT_WORDS[facts]} data starts at ${formatMonth(horizon.first)}` : '';
  return (
    `${c.requested.label} was answered on ${formatMonth(c.period.from)} to ${formatMonth(c.period.to)} ` +
    `against ${formatMonth(c.comparison.from)} to ${formatMonth(c.comparison.to)}: ` +
    `${[end, start].filter(Boolean).join(' and ')}.`
  );
}

/** Months from..to of a series that hold no fact, as YYYYMM. */
export function monthsWithout(from: number, to: number, withData: readonly number[]): number[] {
  const have = new Set(withData);
  const out: number[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) if (!have.has(m)) out.push(m);
  return out;
}
