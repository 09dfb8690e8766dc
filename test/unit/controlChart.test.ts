import { xmrChart, XMR_SCALING } from '../../src/calc/control-chart';

describe('xmrChart', () => {
  it('centre line, average moving range and limits', () => {
    const c = xmrChart([10, 12, 11, 13, 9, 11])!;
    expect(c.centreLine).toBe(11);
    expect(c.averageMovingRange).toBeCloseTo(2.2, 12); // ranges 2, 1, 2, 4, 2
    expect(c.upperLimit).toBeCloseTo(11 + 2.66 * 2.2, 12);
    expect(c.lowerLimit).toBeCloseTo(11 - 2.66 * 2.2, 12);
    expect(XMR_SCALING).toBe(2.66);
    expect(c.points.map((p) => p.movingRange)).toEqual([null, 2, 1, 2, 4, 2]);
    expect(c.points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(c.points.every((p) => p.signals.length === 0)).toBe(true);
  });

  it('flags a point beyond the upper limit', () => {
    const c = xmrChart([10, 12, 11, 13, 9, 11, 30])!;
    expect(c.centreLine).toBeCloseTo(96 / 7, 12);
    expect(c.averageMovingRange).toBe(5); // 2, 1, 2, 4, 2, 19
    expect(c.upperLimit).toBeCloseTo(96 / 7 + 13.3, 12);
    expect(c.points[6].signals).toEqual(['BEYOND_UPPER_LIMIT']);
    expect(c.points.slice(0, 6).every((p) => p.signals.length === 0)).toBe(true);
  });

  it('flags a point beyond the lower limit', () => {
    const c = xmrChart([20, 21, 20, 21, 20, 21, 20, 21, 2])!;
    expect(c.averageMovingRange).toBe(26 / 8);
    expect(c.lowerLimit).toBeCloseTo(166 / 9 - 2.66 * 3.25, 12);
    expect(c.points[8].signals).toEqual(['BEYOND_LOWER_LIMIT']);
  });

  it('clamps the lower limit at 0 by default, and not when asked', () => {
    const clamped = xmrChart([0, 5, 0, 5])!;
    expect(clamped.centreLine).toBe(2.5);
    expect(clamped.averageMovingRange).toBe(5);
    expect(clamped.lowerLimit).toBe(0);
    expect(clamped.upperLimit).toBeCloseTo(15.8, 12);
    const raw = xmrChart([0, 5, 0, 5], { clampLowerLimit: false })!;
    expect(raw.lowerLimit).toBeCloseTo(-10.8, 12);
  });

  it('a run of 8 on one side flags the 8th point and every later point of the run', () => {
    const above = [13, 14, 13, 14, 13, 14, 13, 14, 13];
    const below = [11, 10, 11, 10, 11, 10, 11, 10, 11];
    const c = xmrChart([...above, ...below])!;
    expect(c.centreLine).toBe(12);
    expect(c.averageMovingRange).toBeCloseTo(18 / 17, 12);
    const flagged = c.points.filter((p) => p.signals.length > 0).map((p) => [p.index, p.signals]);
    expect(flagged).toEqual([
      [7, ['RUN_ABOVE_CENTRE']],
      [8, ['RUN_ABOVE_CENTRE']],
      [16, ['RUN_BELOW_CENTRE']],
      [17, ['RUN_BELOW_CENTRE']],
    ]);
  });

  it('7 on one side is not a run', () => {
    const c = xmrChart([13, 14, 13, 14, 13, 14, 13, 11, 10, 11, 10, 11, 10, 11])!;
    expect(c.centreLine).toBe(12);
    expect(c.points.every((p) => p.signals.length === 0)).toBe(true);
  });

  it('a point on the centre line ends a run; the run length is configurable', () => {
    // mean 2; sides - - 0 - - - + + + + 0 +
    const c = xmrChart([0, 0, 2, 0, 0, 0, 4, 4, 4, 4, 2, 4], { runLength: 3 })!;
    expect(c.centreLine).toBe(2);
    expect(c.averageMovingRange).toBeCloseTo(12 / 11, 12);
    expect(c.lowerLimit).toBe(0);
    const flagged = c.points.filter((p) => p.signals.length > 0).map((p) => [p.index, p.signals]);
    expect(flagged).toEqual([
      [5, ['RUN_BELOW_CENTRE']],
      [8, ['RUN_ABOVE_CENTRE']],
      [9, ['RUN_ABOVE_CENTRE']],
    ]);
  });

  it('a point can carry a limit signal and a run signal', () => {
    const c = xmrChart([10, 10, 10, 10, 10, 10, 10, 10, 14, 14, 14, 14, 14, 14, 14, 14])!;
    expect(c.centreLine).toBe(12);
    expect(c.averageMovingRange).toBeCloseTo(4 / 15, 12);
    expect(c.points[6].signals).toEqual(['BEYOND_LOWER_LIMIT']);
    expect(c.points[7].signals).toEqual(['BEYOND_LOWER_LIMIT', 'RUN_BELOW_CENTRE']);
    expect(c.points[15].signals).toEqual(['BEYOND_UPPER_LIMIT', 'RUN_ABOVE_CENTRE']);
  });

  it('a constant series has zero-width limits and no signals', () => {
    const c = xmrChart([5, 5, 5])!;
    expect(c).toMatchObject({ centreLine: 5, averageMovingRange: 0, upperLimit: 5, lowerLimit: 5 });
    expect(c.points.every((p) => p.signals.length === 0)).toBe(true);
  });

  it('a single value has a centre line but no moving range or limits', () => {
    const c = xmrChart([5])!;
    expect(c).toMatchObject({
      centreLine: 5,
      averageMovingRange: null,
      upperLimit: null,
      lowerLimit: null,
      hasSignal: false,
    });
    expect(c.points).toEqual([{ index: 0, value: 5, movingRange: null, signals: [] }]);
  });

  it('hasSignal says whether any point has a signal, as the points do', () => {
    const calm = xmrChart([10, 11, 10, 12, 11, 10])!;
    expect(calm.hasSignal).toBe(false);
    const spike = xmrChart([10, 11, 10, 12, 11, 10, 60, 11])!;
    expect(spike.hasSignal).toBe(true);
    expect(spike.points.filter((p) => p.signals.length > 0).map((p) => p.index)).toEqual([6]);
  });

  it('an empty series gives null', () => {
    expect(xmrChart([])).toBeNull();
  });

  it('refuses a run length under 2', () => {
    expect(() => xmrChart([1, 2], { runLength: 1 })).toThrow(RangeError);
  });
});
