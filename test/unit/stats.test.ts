import { leastSquaresSlope, mean, populationStdDev } from '../../src/calc/stats';

describe('mean', () => {
  it('averages', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([7])).toBe(7);
  });
  it('is null for no values', () => {
    expect(mean([])).toBeNull();
  });
});

describe('populationStdDev', () => {
  it('divides by n', () => {
    expect(populationStdDev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(populationStdDev([1, 3])).toBe(1);
  });
  it('is 0 for identical values and null for none', () => {
    expect(populationStdDev([5, 5, 5])).toBe(0);
    expect(populationStdDev([5])).toBe(0);
    expect(populationStdDev([])).toBeNull();
  });
});

describe('leastSquaresSlope', () => {
  it('fits x = 0..n-1', () => {
    expect(leastSquaresSlope([1, 2, 3, 4])).toBe(1);
    expect(leastSquaresSlope([10, 8, 6])).toBe(-2);
    expect(leastSquaresSlope([1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(leastSquaresSlope([5, 5, 5])).toBe(0);
  });
  it('is null for fewer than 2 values', () => {
    expect(leastSquaresSlope([3])).toBeNull();
    expect(leastSquaresSlope([])).toBeNull();
  });
});
