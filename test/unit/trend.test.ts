import { trend } from '../../src/calc/trend';

describe('trend', () => {
  it('rising: slope 10 over 6 months around a mean of 125 is +40%', () => {
    const r = trend([100, 110, 120, 130, 140, 150]);
    expect(r.slope).toBeCloseTo(10, 12);
    expect(r.relativeChangePercent).toBeCloseTo(40, 12);
    expect(r.direction).toBe('RISING');
    expect(r.months).toBe(6);
  });

  it('falling', () => {
    const r = trend([150, 140, 130, 120, 110, 100]);
    expect(r.slope).toBeCloseTo(-10, 12);
    expect(r.relativeChangePercent).toBeCloseTo(-40, 12);
    expect(r.direction).toBe('FALLING');
  });

  it('flat series is STABLE with slope 0', () => {
    expect(trend([50, 50, 50, 50, 50, 50])).toEqual({
      direction: 'STABLE',
      slope: 0,
      relativeChangePercent: 0,
      months: 6,
    });
  });

  it('uses only the last N values (default 6)', () => {
    // the early fall is outside the window
    const r = trend([500, 400, 300, 100, 110, 120, 130, 140, 150]);
    expect(r.slope).toBeCloseTo(10, 12);
    expect(r.direction).toBe('RISING');
    const three = trend([100, 110, 120, 130, 140, 150], { months: 3 });
    expect(three.slope).toBeCloseTo(10, 12);
    expect(three.relativeChangePercent).toBeCloseTo((10 * 2 * 100) / 140, 12);
    expect(three.months).toBe(3);
  });

  it('a noisy series: least squares, not first against last', () => {
    // x 0..5, y 10,14,9,13,12,16: Sxy = 199 - 6 x 2.5 x 74/6 = 14, Sxx = 17.5, slope 0.8, mean 12.333
    const r = trend([10, 14, 9, 13, 12, 16]);
    expect(r.slope).toBeCloseTo(0.8, 12);
    expect(r.relativeChangePercent).toBeCloseTo((0.8 * 5 * 100) / (74 / 6), 10);
    expect(r.direction).toBe('RISING');
  });

  it('exactly on the threshold is STABLE, just above is RISING', () => {
    // two values 97.5, 102.5: slope 5, mean 100, relative change 5%
    const onEdge = trend([97.5, 102.5]);
    expect(onEdge.relativeChangePercent).toBeCloseTo(5, 12);
    expect(onEdge.direction).toBe('STABLE');
    expect(trend([102.5, 97.5]).direction).toBe('STABLE');
    expect(trend([97.4, 102.6]).direction).toBe('RISING');
    expect(trend([102.6, 97.4]).direction).toBe('FALLING');
  });

  it('the threshold is configurable', () => {
    const values = [100, 101, 102, 103, 104, 105]; // slope 1, mean 102.5, 4.878%
    expect(trend(values).direction).toBe('STABLE');
    expect(trend(values, { thresholdPercent: 4 }).direction).toBe('RISING');
    expect(trend(values).relativeChangePercent).toBeCloseTo(500 / 102.5, 12);
  });

  it('a shorter series than N uses what there is', () => {
    const r = trend([10, 20, 30]);
    expect(r.months).toBe(3);
    expect(r.slope).toBe(10);
    expect(r.relativeChangePercent).toBe(100);
  });

  it('empty series: STABLE with null slope and relative change', () => {
    expect(trend([])).toEqual({ direction: 'STABLE', slope: null, relativeChangePercent: null, months: 0 });
  });

  it('a single value: STABLE with null slope', () => {
    expect(trend([42])).toEqual({ direction: 'STABLE', slope: null, relativeChangePercent: null, months: 1 });
  });

  it('all zero months: slope 0, relative change null, STABLE', () => {
    expect(trend([0, 0, 0, 0, 0, 0])).toEqual({
      direction: 'STABLE',
      slope: 0,
      relativeChangePercent: null,
      months: 6,
    });
  });

  it('rises from zero count months', () => {
    const r = trend([0, 0, 0, 0, 0, 6]);
    expect(r.slope).toBeCloseTo(15 / 17.5, 12);
    expect(r.direction).toBe('RISING');
  });

  it('refuses a window under 2 months or a negative threshold', () => {
    expect(() => trend([1, 2], { months: 1 })).toThrow(RangeError);
    expect(() => trend([1, 2], { months: 2.5 })).toThrow(RangeError);
    expect(() => trend([1, 2], { thresholdPercent: -1 })).toThrow(RangeError);
  });
});
