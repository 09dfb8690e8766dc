import { InvalidInputError } from './errors';
import {
  addMonths,
  financialYearLabel,
  financialYearStart,
  formatMonth,
  monthCount,
  parseFinancialYear,
  parseMonth,
} from './month';

/** What a client may send to name a period; null and undefined both mean "not given". */
export interface PeriodSpec {
  financialYear?: string | null;
  asOf?: string | null;
  from?: string | null;
  to?: string | null;
  rollingMonths?: number | null;
  quarter?: string | null;
  month?: string | null;
}

export type PeriodKind = 'FINANCIAL_YEAR' | 'YEAR_TO_DATE' | 'ROLLING' | 'QUARTER' | 'MONTH' | 'CUSTOM';

/** A range of whole months, from and to included, as YYYYMM integers. */
export interface ResolvedPeriod {
  kind: PeriodKind;
  from: number;
  to: number;
  label: string;
  months: number;
}

export const MAX_ROLLING_MONTHS = 120;
export const MAX_CUSTOM_MONTHS = 240;

type Field = keyof PeriodSpec;
const FIELD_ORDER: Field[] = ['financialYear', 'asOf', 'from', 'to', 'rollingMonths', 'quarter', 'month'];

const ACCEPTED =
  'send one of: financialYear (e.g. "2013-14"); financialYear with asOf for year to date; asOf alone (year to ' +
  'date of its financial year); ' +
  'rollingMonths with asOf or to (e.g. rollingMonths: 12, asOf: "2013-11"); quarter (e.g. "2013-Q3"); month ' +
  '(e.g. "2013-11"); from and to (e.g. "2013-04" and "2013-11")';

/**
 * A label people read: `2013-14`, `2013-14 year to date to 2013-11`, `12 months to 2013-11`, `2013-Q3`, `2013-11`,
 * `2013-04 to 2013-11`.
 */
export function periodLabel(kind: PeriodKind, from: number, to: number): string {
  switch (kind) {
    case 'FINANCIAL_YEAR':
      return financialYearLabel(financialYearStart(from));
    case 'YEAR_TO_DATE':
      return `${financialYearLabel(financialYearStart(from))} year to date to ${formatMonth(to)}`;
    case 'ROLLING': {
      const n = monthCount(from, to);
      return `${n} ${n === 1 ? 'month' : 'months'} to ${formatMonth(to)}`;
    }
    case 'QUARTER':
      return `${Math.floor(from / 100)}-Q${Math.floor(((from % 100) - 1) / 3) + 1}`;
    case 'MONTH':
      return formatMonth(from);
    case 'CUSTOM':
      return `${formatMonth(from)} to ${formatMonth(to)}`;
  }
}

function period(kind: PeriodKind, from: number, to: number): ResolvedPeriod {
  return { kind, from, to, label: periodLabel(kind, from, to), months: monthCount(from, to) };
}

/**
 * The months `n` months long ending at `to` (the rolling 12 months for satisfaction, the 3 months of a peer
 * comparison).
 */
export function trailingMonths(to: number, n: number): { from: number; to: number } {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`A trailing window needs a whole number of months >= 1, got ${n}`);
  return { from: addMonths(to, -(n - 1)), to };
}

const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/i;

/** Parses a calendar quarter `2013-Q3` into its months (201307..201309). */
export function parseQuarter(s: string, field = 'quarter'): { from: number; to: number } {
  const match = QUARTER_PATTERN.exec(s);
  if (match) {
    const year = Number(match[1]);
    const q = Number(match[2]);
    if (year >= 1900 && year <= 2999) {
      const from = year * 100 + (q - 1) * 3 + 1;
      return { from, to: from + 2 };
    }
  }
  throw new InvalidInputError(
    `Quarter "${s}" is not valid: use YYYY-Qn with n from 1 to 4, e.g. 2013-Q3 (July to September 2013)`,
    field,
  );
}

function given(input: PeriodSpec): Set<Field> {
  const present = new Set<Field>();
  for (const f of FIELD_ORDER) if (input[f] !== null && input[f] !== undefined) present.add(f);
  return present;
}

function hasExactly(present: Set<Field>, ...fields: Field[]): boolean {
  return present.size === fields.length && fields.every((f) => present.has(f));
}

function parseRollingMonths(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ROLLING_MONTHS) {
    throw new InvalidInputError(
      `rollingMonths ${n} is not valid: send a whole number of months from 1 to ${MAX_ROLLING_MONTHS}, e.g. 12`,
      'rollingMonths',
    );
  }
  return n;
}

/** Explains a combination of fields that names no period, saying what to send instead. */
function combinationError(present: Set<Field>): InvalidInputError {
  const names = FIELD_ORDER.filter((f) => present.has(f));
  if (names.length === 0) return new InvalidInputError(`No period given: ${ACCEPTED}`);
  if (present.has('rollingMonths') && !present.has('asOf') && !present.has('to')) {
    return new InvalidInputError(
      'rollingMonths needs the month the window ends at: send asOf (or to) with it, e.g. rollingMonths: 12, ' +
        'asOf: "2013-11"',
      'rollingMonths',
    );
  }
  if (present.has('rollingMonths') && present.has('asOf') && present.has('to') && names.length === 3) {
    return new InvalidInputError('rollingMonths takes one end month: send asOf or to, not both', 'to');
  }
  if (hasExactly(present, 'from')) {
    return new InvalidInputError(
      'from needs to: send both from and to (YYYY-MM), e.g. from: "2013-04", to: "2013-11"',
      'to',
    );
  }
  if (hasExactly(present, 'to')) {
    return new InvalidInputError(
      'to needs from (a custom range) or rollingMonths (a rolling window): e.g. from: "2013-04", to: "2013-11"',
      'from',
    );
  }
  return new InvalidInputError(
    `These period fields cannot be combined: ${names.join(', ')}. ${ACCEPTED[0].toUpperCase()}${ACCEPTED.slice(1)}`,
  );
}

/**
 * Turns what a client sent into one range of whole months. Exactly one combination of fields is accepted per kind
 * (see ACCEPTED); anything else is rejected rather than guessed at, because a silently ignored field would give
 * figures for a period the client did not ask for.
 */
export function resolvePeriod(input: PeriodSpec): ResolvedPeriod {
  const present = given(input);

  if (hasExactly(present, 'financialYear')) {
    const fy = parseFinancialYear(input.financialYear as string, 'financialYear');
    return period('FINANCIAL_YEAR', fy.from, fy.to);
  }

  if (hasExactly(present, 'financialYear', 'asOf')) {
    const fy = parseFinancialYear(input.financialYear as string, 'financialYear');
    const asOf = parseMonth(input.asOf as string, 'asOf');
    if (asOf < fy.from || asOf > fy.to) {
      throw new InvalidInputError(
        `asOf ${formatMonth(asOf)} is not in financial year ${input.financialYear}: send a month from ` +
          `${formatMonth(fy.from)} to ${formatMonth(fy.to)}, or leave financialYear out`,
        'asOf',
      );
    }
    return period('YEAR_TO_DATE', fy.from, asOf);
  }

  if (hasExactly(present, 'asOf')) {
    const asOf = parseMonth(input.asOf as string, 'asOf');
    return period('YEAR_TO_DATE', financialYearStart(asOf) * 100 + 4, asOf);
  }

  if (hasExactly(present, 'rollingMonths', 'asOf') || hasExactly(present, 'rollingMonths', 'to')) {
    const endField: Field = present.has('asOf') ? 'asOf' : 'to';
    const end = parseMonth(input[endField] as string, endField);
    const n = parseRollingMonths(input.rollingMonths as number);
    const window = trailingMonths(end, n);
    return period('ROLLING', window.from, window.to);
  }

  if (hasExactly(present, 'quarter')) {
    const q = parseQuarter(input.quarter as string);
    return period('QUARTER', q.from, q.to);
  }

  if (hasExactly(present, 'month')) {
    const m = parseMonth(input.month as string, 'month');
    return period('MONTH', m, m);
  }

  if (hasExactly(present, 'from', 'to')) {
    const from = parseMonth(input.from as string, 'from');
    const to = parseMonth(input.to as string, 'to');
    if (from > to) {
      throw new InvalidInputError(
        `from ${formatMonth(from)} is after to ${formatMonth(to)}: send from no later than to`,
        'from',
      );
    }
    const n = monthCount(from, to);
    if (n > MAX_CUSTOM_MONTHS) {
      throw new InvalidInputError(
        `The range ${formatMonth(from)} to ${formatMonth(to)} is ${n} months long: send at most ` +
          `${MAX_CUSTOM_MONTHS} months`,
        'to',
      );
    }
    return period('CUSTOM', from, to);
  }

  throw combinationError(present);
}

/**
 * The same months one year earlier, of the same kind, with its own label: what every change and target compares
 * against.
 */
export function comparisonPeriod(p: ResolvedPeriod): ResolvedPeriod {
  return period(p.kind, addMonths(p.from, -12), addMonths(p.to, -12));
}
