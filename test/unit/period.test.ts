import { InvalidInputError } from '../../src/period/errors';
import {
  comparisonPeriod,
  parseQuarter,
  periodLabel,
  PeriodSpec,
  resolvePeriod,
  trailingMonths,
} from '../../src/period/period';

function errorOf(input: PeriodSpec): InvalidInputError {
  try {
    resolvePeriod(input);
  } catch (e) {
    if (e instanceof InvalidInputError) return e;
    throw e;
  }
  throw new Error('expected an InvalidInputError');
}

describe('resolvePeriod', () => {
  it('financialYear alone is April to March', () => {
    expect(resolvePeriod({ financialYear: '2013-14' })).toEqual({
      kind: 'FINANCIAL_YEAR',
      from: 201304,
      to: 201403,
      label: '2013-14',
      months: 12,
    });
    expect(resolvePeriod({ financialYear: '2013/14' }).label).toBe('2013-14');
  });

  it("financialYear with asOf is the report's year to date", () => {
    expect(resolvePeriod({ financialYear: '2013-14', asOf: '2013-11' })).toEqual({
      kind: 'YEAR_TO_DATE',
      from: 201304,
      to: 201311,
      label: '2013-14 year to date to 2013-11',
      months: 8,
    });
  });

  it('year to date across the calendar year end (December to January)', () => {
    expect(resolvePeriod({ financialYear: '2013-14', asOf: '2014-01' })).toMatchObject({
      from: 201304,
      to: 201401,
      months: 10,
    });
    expect(resolvePeriod({ financialYear: '2013-14', asOf: '2014-03' })).toMatchObject({
      from: 201304,
      to: 201403,
      months: 12,
    });
    expect(resolvePeriod({ financialYear: '2013-14', asOf: '2013-04' })).toMatchObject({
      from: 201304,
      to: 201304,
      months: 1,
    });
  });

  it('asOf outside the financial year is refused, naming the allowed months', () => {
    const e = errorOf({ financialYear: '2013-14', asOf: '2014-04' });
    expect(e.field).toBe('asOf');
    expect(e.message).toContain('2013-04 to 2014-03');
    expect(errorOf({ financialYear: '2013-14', asOf: '2013-03' }).field).toBe('asOf');
  });

  it("asOf alone is the year to date of asOf's financial year", () => {
    expect(resolvePeriod({ asOf: '2013-11' })).toEqual({
      kind: 'YEAR_TO_DATE',
      from: 201304,
      to: 201311,
      label: '2013-14 year to date to 2013-11',
      months: 8,
    });
    expect(resolvePeriod({ asOf: '2014-02' })).toMatchObject({
      from: 201304,
      to: 201402,
      label: '2013-14 year to date to 2014-02',
    });
    expect(resolvePeriod({ asOf: '2014-04' })).toMatchObject({
      from: 201404,
      to: 201404,
      months: 1,
      label: '2014-15 year to date to 2014-04',
    });
  });

  it('rollingMonths with asOf is the N months ending there, across a financial-year boundary', () => {
    expect(resolvePeriod({ rollingMonths: 12, asOf: '2013-11' })).toEqual({
      kind: 'ROLLING',
      from: 201212,
      to: 201311,
      label: '12 months to 2013-11',
      months: 12,
    });
  });

  it('rollingMonths with to works the same; a single month reads "1 month"', () => {
    expect(resolvePeriod({ rollingMonths: 3, to: '2014-01' })).toMatchObject({
      from: 201311,
      to: 201401,
      months: 3,
      label: '3 months to 2014-01',
    });
    expect(resolvePeriod({ rollingMonths: 1, to: '2013-11' })).toMatchObject({
      from: 201311,
      to: 201311,
      label: '1 month to 2013-11',
    });
    expect(resolvePeriod({ rollingMonths: 120, asOf: '2013-11' })).toMatchObject({ from: 200312, months: 120 });
  });

  it.each([0, -1, 121, 1.5])('rollingMonths %p is refused', (n) => {
    const e = errorOf({ rollingMonths: n, asOf: '2013-11' });
    expect(e.field).toBe('rollingMonths');
    expect(e.message).toContain('from 1 to 120');
  });

  it('rollingMonths without an end month says to send asOf', () => {
    const e = errorOf({ rollingMonths: 12 });
    expect(e.field).toBe('rollingMonths');
    expect(e.message).toContain('send asOf');
  });

  it('rollingMonths with both asOf and to is refused', () => {
    expect(errorOf({ rollingMonths: 12, asOf: '2013-11', to: '2013-11' }).message).toContain('not both');
  });

  it('quarter is a calendar quarter', () => {
    expect(resolvePeriod({ quarter: '2013-Q3' })).toEqual({
      kind: 'QUARTER',
      from: 201307,
      to: 201309,
      label: '2013-Q3',
      months: 3,
    });
    expect(resolvePeriod({ quarter: '2013-Q1' })).toMatchObject({ from: 201301, to: 201303 });
    expect(resolvePeriod({ quarter: '2013-q4' })).toMatchObject({ from: 201310, to: 201312, label: '2013-Q4' });
  });

  it.each(['2013-Q5', '2013-Q0', '2013Q3', '2013-3', '1899-Q1'])('quarter %p is refused', (q) => {
    const e = errorOf({ quarter: q });
    expect(e.field).toBe('quarter');
    expect(e.message).toContain('e.g. 2013-Q3');
  });

  it('month is that single month', () => {
    expect(resolvePeriod({ month: '2013-11' })).toEqual({
      kind: 'MONTH',
      from: 201311,
      to: 201311,
      label: '2013-11',
      months: 1,
    });
  });

  it('from and to give a custom range, across a financial-year boundary', () => {
    expect(resolvePeriod({ from: '2013-04', to: '2013-11' })).toEqual({
      kind: 'CUSTOM',
      from: 201304,
      to: 201311,
      label: '2013-04 to 2013-11',
      months: 8,
    });
    expect(resolvePeriod({ from: '2013-01', to: '2013-06' })).toMatchObject({ months: 6, label: '2013-01 to 2013-06' });
    expect(resolvePeriod({ from: '2013-11', to: '2013-11' })).toMatchObject({ months: 1 });
  });

  it('custom range: from after to, and longer than 240 months, are refused', () => {
    expect(errorOf({ from: '2013-12', to: '2013-11' }).field).toBe('from');
    expect(resolvePeriod({ from: '1994-01', to: '2013-12' }).months).toBe(240);
    const e = errorOf({ from: '1993-12', to: '2013-12' });
    expect(e.field).toBe('to');
    expect(e.message).toContain('241 months');
  });

  it('from without to, and to without from, say what to send', () => {
    expect(errorOf({ from: '2013-04' }).message).toContain('send both from and to');
    expect(errorOf({ to: '2013-11' }).message).toContain('needs from');
  });

  it('no fields at all lists the accepted combinations', () => {
    for (const input of [{}, { financialYear: null, asOf: null, from: undefined }]) {
      const e = errorOf(input);
      expect(e.message).toMatch(/^No period given: send one of: financialYear/);
      expect(e.field).toBeUndefined();
    }
  });

  it.each<PeriodSpec>([
    { financialYear: '2013-14', from: '2013-04', to: '2013-11' },
    { financialYear: '2013-14', month: '2013-11' },
    { quarter: '2013-Q3', month: '2013-08' },
    { asOf: '2013-11', from: '2013-04', to: '2013-11' },
    { financialYear: '2013-14', asOf: '2013-11', rollingMonths: 12 },
    { rollingMonths: 12, from: '2013-01', to: '2013-12' },
  ])('conflicting fields %p are refused, naming them', (input) => {
    const e = errorOf(input);
    expect(e.message).toMatch(/^These period fields cannot be combined: /);
    for (const key of Object.keys(input)) expect(e.message).toContain(key);
    expect(e.message).toContain('Send one of:');
  });

  it('invalid values inside an accepted combination report their field', () => {
    expect(errorOf({ month: '2013-13' })).toMatchObject({
      field: 'month',
      message: 'Month "2013-13" is not a valid month: use YYYY-MM, e.g. 2013-11',
    });
    expect(errorOf({ financialYear: '2013-15' }).field).toBe('financialYear');
    expect(errorOf({ from: '2013-04', to: 'Nov 2013' }).field).toBe('to');
  });
});

describe('comparisonPeriod', () => {
  it('year to date: the same months one year earlier', () => {
    const p = resolvePeriod({ financialYear: '2013-14', asOf: '2013-11' });
    expect(comparisonPeriod(p)).toEqual({
      kind: 'YEAR_TO_DATE',
      from: 201204,
      to: 201211,
      label: '2012-13 year to date to 2012-11',
      months: 8,
    });
  });

  it('keeps the kind and adjusts every label', () => {
    expect(comparisonPeriod(resolvePeriod({ financialYear: '2013-14' }))).toMatchObject({
      kind: 'FINANCIAL_YEAR',
      from: 201204,
      to: 201303,
      label: '2012-13',
    });
    expect(comparisonPeriod(resolvePeriod({ rollingMonths: 12, asOf: '2013-11' }))).toMatchObject({
      kind: 'ROLLING',
      from: 201112,
      to: 201211,
      label: '12 months to 2012-11',
      months: 12,
    });
    expect(comparisonPeriod(resolvePeriod({ quarter: '2013-Q3' }))).toMatchObject({
      kind: 'QUARTER',
      from: 201207,
      to: 201209,
      label: '2012-Q3',
    });
    expect(comparisonPeriod(resolvePeriod({ month: '2014-01' }))).toMatchObject({
      kind: 'MONTH',
      from: 201301,
      to: 201301,
      label: '2013-01',
    });
    expect(comparisonPeriod(resolvePeriod({ from: '2013-12', to: '2014-02' }))).toMatchObject({
      kind: 'CUSTOM',
      from: 201212,
      to: 201302,
      label: '2012-12 to 2013-02',
      months: 3,
    });
  });
});

describe('trailingMonths', () => {
  it('rolling 12 months for satisfaction', () => {
    expect(trailingMonths(201311, 12)).toEqual({ from: 201212, to: 201311 });
  });
  it('the three months of a peer comparison', () => {
    expect(trailingMonths(201311, 3)).toEqual({ from: 201309, to: 201311 });
    expect(trailingMonths(201309, 3)).toEqual({ from: 201307, to: 201309 });
  });
  it('crosses the December-January leap', () => {
    expect(trailingMonths(201402, 6)).toEqual({ from: 201309, to: 201402 });
  });
  it('one month is just that month; fewer is refused', () => {
    expect(trailingMonths(201311, 1)).toEqual({ from: 201311, to: 201311 });
    expect(() => trailingMonths(201311, 0)).toThrow(RangeError);
    expect(() => trailingMonths(201311, 2.5)).toThrow(RangeError);
  });
});

describe('periodLabel and parseQuarter', () => {
  it('labels each kind', () => {
    expect(periodLabel('FINANCIAL_YEAR', 201304, 201403)).toBe('2013-14');
    expect(periodLabel('YEAR_TO_DATE', 201304, 201311)).toBe('2013-14 year to date to 2013-11');
    expect(periodLabel('ROLLING', 201212, 201311)).toBe('12 months to 2013-11');
    expect(periodLabel('QUARTER', 201310, 201312)).toBe('2013-Q4');
    expect(periodLabel('MONTH', 201311, 201311)).toBe('2013-11');
    expect(periodLabel('CUSTOM', 201304, 201311)).toBe('2013-04 to 2013-11');
  });
  it('parseQuarter', () => {
    expect(parseQuarter('2013-Q2')).toEqual({ from: 201304, to: 201306 });
  });
});
