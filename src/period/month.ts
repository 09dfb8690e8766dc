import { InvalidInputError } from './errors';

/**
 * Months are held internally as integers YYYYMM (201311 = November 2013) and spoken as `YYYY-MM` strings by the API.
 * Integers sort and compare like the months they name; arithmetic goes through a month index (year x 12 + month - 1).
 */

const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/**
 * Parses a `YYYY-MM` month (month 01-12, year 1900-2999); anything else is the client's mistake, so InvalidInputError.
 */
export function parseMonth(s: string, field?: string): number {
  const text = typeof s === 'string' ? s : String(s);
  const match = MONTH_PATTERN.exec(text);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12) return year * 100 + month;
  }
  throw new InvalidInputError(`Month "${text}" is not a valid month: use YYYY-MM, e.g. 2013-11`, field);
}

/** True for an integer YYYYMM whose month part is 01-12 (any year 0-9999). */
export function isMonth(m: number): boolean {
  return Number.isInteger(m) && m >= 1 && m <= 999912 && m % 100 >= 1 && m % 100 <= 12;
}

function assertMonth(m: number): void {
  // An invalid integer here is a programming error (input is validated by parseMonth), hence RangeError.
  if (!isMonth(m)) throw new RangeError(`${m} is not a month of the form YYYYMM`);
}

/** Formats 201311 as `2013-11`. */
export function formatMonth(m: number): string {
  assertMonth(m);
  const year = Math.floor(m / 100);
  const month = m % 100;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Months since year 0: consecutive months have consecutive indexes, across year ends too. */
export function monthIndex(m: number): number {
  assertMonth(m);
  return uncheckedMonthIndex(m);
}

/**
 * monthIndex without validation, for hot paths over months already checked (a series' months) and
 * for text already matched as YYYY-MM: a month 13 counts as the next year's first, 00 as the last of the year before.
 */
export function uncheckedMonthIndex(m: number): number {
  return Math.floor(m / 100) * 12 + (m % 100) - 1;
}

/** The calendar month (YYYYMM) of a date, in UTC. */
export function monthOfDate(date: Date): number {
  return date.getUTCFullYear() * 100 + date.getUTCMonth() + 1;
}

/** The month of a month index (inverse of monthIndex). */
export function monthFromIndex(index: number): number {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return year * 100 + month;
}

/** The month n months after m (n may be negative): addMonths(201312, 1) = 201401. */
export function addMonths(m: number, n: number): number {
  if (!Number.isInteger(n)) throw new RangeError(`Cannot add ${n} months: not a whole number`);
  return monthFromIndex(monthIndex(m) + n);
}

/** Number of months from `from` to `to`, both included; 0 when from > to. */
export function monthCount(from: number, to: number): number {
  return Math.max(0, monthIndex(to) - monthIndex(from) + 1);
}

/** Every month from `from` to `to`, both included, in order; empty when from > to. */
export function monthsBetween(from: number, to: number): number[] {
  const start = monthIndex(from);
  const count = monthCount(from, to);
  const months: number[] = [];
  for (let i = 0; i < count; i++) months.push(monthFromIndex(start + i));
  return months;
}

/** The calendar year of a month (population figures are held per calendar year). */
export function calendarYear(m: number): number {
  assertMonth(m);
  return Math.floor(m / 100);
}

/** The first calendar year of the financial year (April to March) that contains m. */
export function financialYearStart(m: number): number {
  const year = calendarYear(m);
  return m % 100 >= 4 ? year : year - 1;
}

/** The label of a financial year starting in April of `startYear`: 2013 -> `2013-14`, 1999 -> `1999-00`. */
export function financialYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The financial year (April to March) containing m: 201304..201403 -> `2013-14`. */
export function financialYearOf(m: number): string {
  return financialYearLabel(financialYearStart(m));
}

const FINANCIAL_YEAR_PATTERN = /^(\d{4})[-/](\d{2}|\d{4})$/;

/**
 * Parses a financial year `2013-14` (or `2013/14`, `2013-2014`) into its months, April to March: {from: 201304, to:
 * 201403}.
 * The second part must be the year after the first, so a typo such as `2013-15` is rejected rather than guessed at.
 */
export function parseFinancialYear(s: string, field?: string): { from: number; to: number } {
  const text = typeof s === 'string' ? s : String(s);
  const match = FINANCIAL_YEAR_PATTERN.exec(text);
  if (match) {
    const start = Number(match[1]);
    const second = match[2];
    const end = start + 1;
    const secondOk = second.length === 2 ? Number(second) === end % 100 : Number(second) === end;
    if (secondOk && start >= MIN_YEAR && end <= MAX_YEAR) return { from: start * 100 + 4, to: end * 100 + 3 };
  }
  throw new InvalidInputError(
    `Financial year "${text}" is not valid: use the starting year and the next year's last two digits, e.g. ` +
      `2013-14 (April 2013 to March 2014)`,
    field,
  );
}
