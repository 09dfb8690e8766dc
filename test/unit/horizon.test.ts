import { clipToHorizon, clippedMessage, comparisonBeforeData, monthsWithout } from '../../src/period/horizon';
import { resolvePeriod } from '../../src/period/period';

const SEED = { first: 201104, last: 201311 };

describe('clipToHorizon', () => {
  it(`a financial year past the data is the year to date to its last month, \
against the same months a year earlier`, () => {
    const c = clipToHorizon(resolvePeriod({ financialYear: '2013-14' }), SEED);
    expect(c.clipped).toBe(true);
    expect(c.period).toEqual({
      kind: 'YEAR_TO_DATE',
      from: 201304,
      to: 201311,
      months: 8,
      label: '2013-14 year to date to 2013-11',
    });
    expect(c.comparison).toEqual({
      kind: 'YEAR_TO_DATE',
      from: 201204,
      to: 201211,
      months: 8,
      label: '2012-13 year to date to 2012-11',
    });
    expect(c.requested.label).toBe('2013-14');
    expect(clippedMessage(c, SEED)).toBe(
      '2013-14 was answered on 2013-04 to 2013-11 against 2012-04 to 2012-11: the recorded crime data ends at 2013-11.',
    );
  });

  it('a period inside the data is kept as it is', () => {
    const asked = resolvePeriod({ quarter: '2013-Q3' });
    const c = clipToHorizon(asked, SEED);
    expect([c.clipped, c.period]).toEqual([false, asked]);
    expect(c.comparison.label).toBe('2012-Q3');
  });

  it('other kinds cut at either end become ranges', () => {
    expect(clipToHorizon(resolvePeriod({ quarter: '2013-Q4' }), SEED).period).toEqual({
      kind: 'CUSTOM',
      from: 201310,
      to: 201311,
      months: 2,
      label: '2013-10 to 2013-11',
    });
    const early = clipToHorizon(resolvePeriod({ from: '2010-06', to: '2011-04' }), SEED);
    expect(early.period).toEqual({ kind: 'CUSTOM', from: 201104, to: 201104, months: 1, label: '2011-04 to 2011-04' });
    expect(clippedMessage(early, SEED)).toContain('the recorded crime data starts at 2011-04');
    expect(comparisonBeforeData(early.comparison, SEED)).toBe(true);
    expect(
      comparisonBeforeData(clipToHorizon(resolvePeriod({ financialYear: '2012-13' }), SEED).comparison, SEED),
    ).toBe(false);
  });

  it('a period with no month of data is PERIOD_OUTSIDE_DATA, naming the months held', () => {
    for (const input of [{ financialYear: '2030-31' }, { month: '2013-12' }, { financialYear: '2009-10' }]) {
      expect(() => clipToHorizon(resolvePeriod(input), SEED)).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'PERIOD_OUTSIDE_DATA',
            lastMonth: '2013-11',
            firstMonth: '2011-04',
          }),
        }),
      );
    }
    expect(() => clipToHorizon(resolvePeriod({ month: '2013-11' }), null, 'satisfaction')).toThrow(
      'The store holds no victim satisfaction surveys yet; load some first.'.replace('The store', 'the store'),
    );
  });
});

describe('monthsWithout', () => {
  it('lists the months of a range without a fact, across a year end', () => {
    expect(monthsWithout(201311, 201402, [201312, 201401])).toEqual([201311, 201402]);
    expect(monthsWithout(201304, 201304, [201304])).toEqual([]);
  });
});
