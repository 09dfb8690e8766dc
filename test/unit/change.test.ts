import { change, percentChange } from '../../src/calc/change';

describe('change', () => {
  it('is current minus previous', () => {
    expect(change(41891, 40750)).toBe(1141); // all crime: +1,141
    expect(change(2671, 2768)).toBe(-97);
    expect(change(0, 0)).toBe(0);
  });
});

describe('percentChange', () => {
  it('reproduces the report: all crime +2.8%', () => {
    expect(percentChange(41891, 40750)).toBeCloseTo(2.8, 1);
    expect(percentChange(41891, 40750)).toBeCloseTo((1141 / 40750) * 100, 12);
  });
  it('domestic burglary -3.5%', () => {
    expect(percentChange(2671, 2768)).toBeCloseTo(-3.5043, 4);
  });
  it('theft of motor vehicle +4.6% (+34)', () => {
    expect(percentChange(773, 739)).toBeCloseTo(4.6008, 4);
  });
  it('Harborough +50.0% (13 crimes)', () => {
    expect(percentChange(39, 26)).toBe(50);
  });
  it('is a percentage, unrounded, and exact for simple ratios', () => {
    expect(percentChange(110, 100)).toBeCloseTo(10, 12);
    expect(percentChange(50, 100)).toBe(-50);
    expect(percentChange(0, 100)).toBe(-100);
    expect(percentChange(100, 100)).toBe(0);
    expect(percentChange(1, 3)).toBeCloseTo(-66.6666666667, 9);
  });
  it('is null when the comparison count is zero', () => {
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(0, 0)).toBeNull();
  });
});
