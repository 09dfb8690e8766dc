import {
  binomialTwoSidedPValue,
  EXACT_LIMIT,
  logGamma,
  normalCdf,
  poissonChangeTest,
  poissonRateTest,
} from '../../src/calc/significance';

// Reference values from scipy.stats (binomtest, norm) and math.lgamma.

describe('logGamma', () => {
  it('matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(2)).toBeCloseTo(0, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 12);
    expect(logGamma(1000.5)).toBeCloseTo(5908.674175848678, 9);
    expect(logGamma(1e-3)).toBeCloseTo(6.907178885383854, 12);
  });
  it('refuses x <= 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
  });
});

describe('normalCdf', () => {
  it('matches known values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 7);
    expect(normalCdf(-10) / 7.61985302416047e-24).toBeCloseTo(1, 7);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});

describe('binomialTwoSidedPValue', () => {
  it('exact, symmetric', () => {
    expect(binomialTwoSidedPValue(15, 20, 0.5)).toBeCloseTo(0.04138946533203125, 13);
    expect(binomialTwoSidedPValue(5, 20, 0.5)).toBeCloseTo(0.04138946533203125, 13);
    expect(binomialTwoSidedPValue(520, 1000, 0.5)).toBeCloseTo(0.2174482932041415, 11);
    expect(binomialTwoSidedPValue(530, 1000, 0.5)).toBeCloseTo(0.06202319509836343, 11);
  });
  it('exact, asymmetric (minimum-likelihood rule, as R and scipy)', () => {
    expect(binomialTwoSidedPValue(10, 30, 0.25)).toBeCloseTo(0.294462962615145, 12);
    expect(binomialTwoSidedPValue(2, 30, 0.25)).toBeCloseTo(0.0187750627148012, 12);
  });
  it('the most likely outcome has p = 1', () => {
    expect(binomialTwoSidedPValue(10, 20, 0.5)).toBe(1);
    expect(binomialTwoSidedPValue(0, 0, 0.5)).toBe(1);
  });
  it('normal approximation with continuity correction above the exact limit', () => {
    expect(EXACT_LIMIT).toBe(1000);
    // n = 1100: (|600 - 550| - 0.5) / sqrt(275)
    expect(binomialTwoSidedPValue(600, 1100, 0.5)).toBeCloseTo(0.0028361326556546867, 13);
    // and it stays close to the exact value (0.0028195)
    expect(binomialTwoSidedPValue(600, 1100, 0.5)).toBeCloseTo(0.0028195449914364284, 4);
  });
  it('refuses impossible arguments', () => {
    expect(() => binomialTwoSidedPValue(5, 4, 0.5)).toThrow(RangeError);
    expect(() => binomialTwoSidedPValue(1.5, 4, 0.5)).toThrow(RangeError);
    expect(() => binomialTwoSidedPValue(1, 4, 0)).toThrow(RangeError);
    expect(() => binomialTwoSidedPValue(1, 4, 1)).toThrow(RangeError);
  });
});

describe('poissonChangeTest', () => {
  it('15 against 5 is significant at 5%', () => {
    const r = poissonChangeTest(15, 5);
    expect(r.pValue).toBeCloseTo(0.04138946533203125, 13);
    expect(r.significant).toBe(true);
    expect(r.zScore).toBeCloseTo(10 / Math.sqrt(20), 13);
  });
  it('10 against 0 is p = 2 / 2^10', () => {
    expect(poissonChangeTest(10, 0).pValue).toBeCloseTo(0.001953125, 14);
  });
  it('3 against 0 is not significant (p = 0.25)', () => {
    const r = poissonChangeTest(3, 0);
    expect(r.pValue).toBeCloseTo(0.25, 13);
    expect(r.significant).toBe(false);
  });
  it('a zero comparison count with zero current count: p = 1, not significant', () => {
    expect(poissonChangeTest(0, 0)).toEqual({ pValue: 1, significant: false, zScore: 0 });
  });
  it('no change: p = 1', () => {
    expect(poissonChangeTest(40, 40)).toEqual({ pValue: 1, significant: false, zScore: 0 });
  });
  it('is symmetric in direction', () => {
    expect(poissonChangeTest(5, 15).pValue).toBeCloseTo(poissonChangeTest(15, 5).pValue, 14);
    expect(poissonChangeTest(5, 15).zScore).toBeCloseTo(-poissonChangeTest(15, 5).zScore, 14);
  });
  it("report: domestic burglary's -3.5% (2,671 against 2,768) is within chance", () => {
    const r = poissonChangeTest(2671, 2768);
    expect(r.pValue).toBeCloseTo(0.19301814083738467, 10);
    expect(r.zScore).toBeCloseTo(-1.3152617941141773, 12);
    expect(r.significant).toBe(false);
  });
  it("report: theft of motor vehicle's +4.6% (773 against 739) is within chance", () => {
    const r = poissonChangeTest(773, 739);
    expect(r.pValue).toBeCloseTo(0.3960658207089378, 10);
    expect(r.significant).toBe(false);
  });
  it("report: all crime's +2.8% (41,891 against 40,750) is significant", () => {
    const r = poissonChangeTest(41891, 40750);
    expect(r.pValue / 7.321669748514586e-5).toBeCloseTo(1, 8);
    expect(r.zScore).toBeCloseTo(3.969061813140304, 12);
    expect(r.significant).toBe(true);
  });
  it('report: violence with injury +12.8% is significant', () => {
    expect(poissonChangeTest(3305, 2930).pValue / 2.174894994031947e-6).toBeCloseTo(1, 8);
  });
  it('alpha is configurable; significant means p < alpha', () => {
    expect(poissonChangeTest(15, 5, 0.01).significant).toBe(false);
    expect(poissonChangeTest(15, 5, 0.05).significant).toBe(true);
  });
  it('refuses negative or fractional counts', () => {
    expect(() => poissonChangeTest(-1, 5)).toThrow(RangeError);
    expect(() => poissonChangeTest(1.5, 5)).toThrow(RangeError);
  });
});

describe('poissonRateTest', () => {
  it('30 crimes in 3 months against 60 in 12 months: p = 3/15', () => {
    const r = poissonRateTest(30, 60, 3, 12);
    expect(r.pValue).toBeCloseTo(0.003331546538968168, 13);
    expect(r.zScore).toBeCloseTo((30 - 90 * 0.2) / Math.sqrt(90 * 0.2 * 0.8), 13);
    expect(r.significant).toBe(true);
  });
  it('equal exposures are the change test', () => {
    expect(poissonRateTest(15, 5, 8, 8)).toEqual(poissonChangeTest(15, 5));
  });
  it('the same rate over unequal months is not significant', () => {
    const r = poissonRateTest(16, 24, 8, 12);
    expect(r.pValue).toBe(1);
    expect(r.zScore).toBe(0);
  });
  it('no crimes in either period: p = 1', () => {
    expect(poissonRateTest(0, 0, 8, 12)).toEqual({ pValue: 1, significant: false, zScore: 0 });
  });
  it('refuses a zero exposure', () => {
    expect(() => poissonRateTest(1, 1, 0, 12)).toThrow(RangeError);
  });
});
