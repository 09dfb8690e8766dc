import { InvalidInputError } from '../../src/period/errors';
import {
  addMonths,
  calendarYear,
  financialYearLabel,
  financialYearOf,
  financialYearStart,
  formatMonth,
  isMonth,
  monthCount,
  monthFromIndex,
  monthIndex,
  monthsBetween,
  parseFinancialYear,
  parseMonth,
} from '../../src/period/month';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('parseMonth', () => {
  it('parses YYYY-MM into YYYYMM', () => {
    expect(parseMonth('2013-11')).toBe(201311);
    expect(parseMonth('2014-01')).toBe(201401);
    expect(parseMonth('1900-01')).toBe(190001);
    expect(parseMonth('2999-12')).toBe(299912);
  });

  it.each([
    '2013-13',
    '2013-00',
    '2013-1',
    '13-11',
    '2013/11',
    '201311',
    '2013-11-01',
    ' 2013-11',
    '1899-12',
    '3000-01',
    '',
    'abcd-ef',
  ])('rejects %p with an actionable InvalidInputError', (s) => {
    const e = thrown(() => parseMonth(s));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as Error).message).toBe(`Month "${s}" is not a valid month: use YYYY-MM, e.g. 2013-11`);
  });

  it('names the field when given one', () => {
    const e = thrown(() => parseMonth('2013-13', 'asOf')) as InvalidInputError;
    expect(e.field).toBe('asOf');
    expect(e.name).toBe('InvalidInputError');
    expect(e).toBeInstanceOf(Error);
  });
});

describe('formatMonth', () => {
  it('formats YYYYMM as YYYY-MM', () => {
    expect(formatMonth(201311)).toBe('2013-11');
    expect(formatMonth(201401)).toBe('2014-01');
  });
  it('round-trips with parseMonth', () => {
    expect(formatMonth(parseMonth('2012-04'))).toBe('2012-04');
  });
  it('throws RangeError for an integer that is not a month', () => {
    expect(() => formatMonth(201313)).toThrow(RangeError);
    expect(() => formatMonth(201300)).toThrow(RangeError);
    expect(() => formatMonth(2013.5)).toThrow(RangeError);
  });
  it('isMonth tells months from other integers', () => {
    expect(isMonth(201312)).toBe(true);
    expect(isMonth(201313)).toBe(false);
    expect(isMonth(201300)).toBe(false);
  });
});

describe('month arithmetic', () => {
  it('monthIndex and monthFromIndex are inverse and consecutive across a year end', () => {
    expect(monthIndex(201401) - monthIndex(201312)).toBe(1);
    expect(monthFromIndex(monthIndex(201312))).toBe(201312);
    expect(monthIndex(201311)).toBe(2013 * 12 + 10);
  });

  it('addMonths leaps from December to January and back', () => {
    expect(addMonths(201312, 1)).toBe(201401);
    expect(addMonths(201401, -1)).toBe(201312);
    expect(addMonths(201311, 0)).toBe(201311);
    expect(addMonths(201311, -12)).toBe(201211);
    expect(addMonths(201311, 14)).toBe(201501);
    expect(addMonths(201303, -27)).toBe(201012);
  });

  it('addMonths refuses a fractional number of months', () => {
    expect(() => addMonths(201311, 1.5)).toThrow(RangeError);
  });

  it('monthsBetween lists inclusive months across a year end', () => {
    expect(monthsBetween(201311, 201402)).toEqual([201311, 201312, 201401, 201402]);
  });

  it('monthsBetween spans a financial-year boundary (March to April)', () => {
    expect(monthsBetween(201302, 201305)).toEqual([201302, 201303, 201304, 201305]);
    expect(monthsBetween(201302, 201305).map(financialYearOf)).toEqual(['2012-13', '2012-13', '2013-14', '2013-14']);
  });

  it('monthsBetween of a single month and of a reversed range', () => {
    expect(monthsBetween(201311, 201311)).toEqual([201311]);
    expect(monthsBetween(201312, 201311)).toEqual([]);
  });

  it('monthCount counts inclusively, 0 when reversed', () => {
    expect(monthCount(201304, 201311)).toBe(8);
    expect(monthCount(201304, 201403)).toBe(12);
    expect(monthCount(201212, 201311)).toBe(12);
    expect(monthCount(201311, 201311)).toBe(1);
    expect(monthCount(201312, 201311)).toBe(0);
    expect(monthCount(201304, 201403)).toBe(monthsBetween(201304, 201403).length);
  });

  it('calendarYear', () => {
    expect(calendarYear(201311)).toBe(2013);
    expect(calendarYear(201401)).toBe(2014);
  });
});

describe('financial years', () => {
  it('financialYearOf: April to March', () => {
    expect(financialYearOf(201304)).toBe('2013-14');
    expect(financialYearOf(201311)).toBe('2013-14');
    expect(financialYearOf(201401)).toBe('2013-14');
    expect(financialYearOf(201403)).toBe('2013-14');
    expect(financialYearOf(201303)).toBe('2012-13');
    expect(financialYearOf(201404)).toBe('2014-15');
  });

  it('financialYearOf pads the century turn', () => {
    expect(financialYearOf(199912)).toBe('1999-00');
    expect(financialYearOf(200905)).toBe('2009-10');
    expect(financialYearLabel(2000)).toBe('2000-01');
  });

  it('financialYearStart', () => {
    expect(financialYearStart(201403)).toBe(2013);
    expect(financialYearStart(201404)).toBe(2014);
  });

  it('parseFinancialYear gives April to March', () => {
    expect(parseFinancialYear('2013-14')).toEqual({ from: 201304, to: 201403 });
    expect(parseFinancialYear('2013/14')).toEqual({ from: 201304, to: 201403 });
    expect(parseFinancialYear('2013-2014')).toEqual({ from: 201304, to: 201403 });
    expect(parseFinancialYear('1999-00')).toEqual({ from: 199904, to: 200003 });
  });

  it.each(['2013-15', '2013-13', '2013', '2013-014', '13-14', '2013 14', '2013-2015', '2999-00', ''])(
    'parseFinancialYear rejects %p',
    (s) => {
      const e = thrown(() => parseFinancialYear(s, 'financialYear')) as InvalidInputError;
      expect(e).toBeInstanceOf(InvalidInputError);
      expect(e.field).toBe('financialYear');
      expect(e.message).toContain('e.g. 2013-14');
    },
  );
});
