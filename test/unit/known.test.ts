import { comparable, comparisonKnown, periodKnown } from '../../src/calc/known';
import { monthOfDate, monthIndex, uncheckedMonthIndex } from '../../src/period/month';

describe('periodKnown', () => {
  it('is true with a month of data, or inside the data horizon without one', () => {
    expect(periodKnown(3)).toBe(true);
    expect(periodKnown(0)).toBe(false);
    expect(periodKnown(0, true)).toBe(true);
    expect(periodKnown(0, false)).toBe(false);
    expect(periodKnown(2, false)).toBe(true);
  });
});

describe('comparisonKnown', () => {
  it('follows the horizon when told, else any month of data', () => {
    expect(comparisonKnown(0)).toBe(false);
    expect(comparisonKnown(5)).toBe(true);
    expect(comparisonKnown(0, true)).toBe(true);
    // Starting before the first month of data: not known, whatever months it has.
    expect(comparisonKnown(5, false)).toBe(false);
  });
});

describe('comparable', () => {
  it('needs both periods known', () => {
    expect([comparable(true, true), comparable(true, false), comparable(false, true)]).toEqual([true, false, false]);
  });
});

describe('month arithmetic', () => {
  it('uncheckedMonthIndex agrees with monthIndex on months, and carries month 13 and 00 over the year', () => {
    for (const m of [190001, 201312, 201401, 202403, 299912]) expect(uncheckedMonthIndex(m)).toBe(monthIndex(m));
    expect(uncheckedMonthIndex(201313)).toBe(monthIndex(201401));
    expect(uncheckedMonthIndex(201400)).toBe(monthIndex(201312));
  });

  it('monthOfDate is the UTC calendar month', () => {
    expect(monthOfDate(new Date(Date.UTC(2025, 0, 1, 0, 0)))).toBe(202501);
    expect(monthOfDate(new Date(Date.UTC(2024, 11, 31, 23, 59)))).toBe(202412);
  });
});
