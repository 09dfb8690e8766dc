import {
  ceilDiv,
  decimalNumber,
  percentChangeOf,
  pointsAboveReduction,
  pointsBelowRate,
  quotient,
  rateAtLeast,
  rateGap,
  reducedLevel,
  scaledRatio,
  subtract,
  toDecimal,
} from '../../src/calc/exact';
import { gapToTarget, targetLevel } from '../../src/calc/target';
import { crimeRatePer1000, outcomeGap, outcomesRequired, ratePercent } from '../../src/calc/rates';
import { percentChange } from '../../src/calc/change';

describe('toDecimal and decimalNumber', () => {
  it.each([
    [0, 0n, 0],
    [7.5, 75n, 1],
    [-3.25, -325n, 2],
    [1086.63, 108663n, 2],
    [1e21, 10n ** 21n, 0],
    [1.5e-7, 15n, 8],
  ])('%p is %p x 10^-%p', (x, digits, scale) => {
    expect(toDecimal(x)).toEqual({ digits, scale });
    expect(decimalNumber({ digits, scale })).toBe(x);
  });

  it('refuses what is not a finite number', () => {
    expect(() => toDecimal(NaN)).toThrow(RangeError);
    expect(() => toDecimal(Infinity)).toThrow(RangeError);
  });

  it('writes leading zeros of small decimals', () => {
    expect(decimalNumber({ digits: 5n, scale: 3 })).toBe(0.005);
    expect(decimalNumber({ digits: -5n, scale: 3 })).toBe(-0.005);
  });
});

describe('exact figures', () => {
  it('target levels and gaps are the decimals they are (the seed: city and counties domestic burglary)', () => {
    // Float arithmetic gives 1162 - 1249 x 0.87 = 75.36999999999989 and 1504 - 1513 x 0.87 = 187.69000000000005.
    expect(1162 - 1249 * 0.87).not.toBe(75.37);
    expect(reducedLevel(1249, 13)).toBe(1086.63);
    expect(gapToTarget(1162, targetLevel(1249, 13))).toBe(75.37);
    expect(gapToTarget(1504, targetLevel(1513, 13))).toBe(187.69);
    expect(targetLevel(1000, 7.5)).toBe(925);
    expect(targetLevel(333, 2.5)).toBe(324.675);
    expect(subtract(0.3, 0.1)).toBe(0.2);
  });

  it('a change is one division of integers', () => {
    expect(percentChangeOf(42301, 41160)).toBe((1141 * 100) / 41160);
    expect(percentChange(110, 100)).toBe(10);
    expect(percentChange(1, 3)).toBe(-200 / 3);
    expect(percentChange(5, 0)).toBeNull();
  });

  it('rates are one division: 0 over no crimes with a known population', () => {
    expect(scaledRatio(7, 100, 100)).toBe(7);
    expect(ratePercent(7, 100)).toBe(7);
    expect(ratePercent(0, 0)).toBeNull();
    expect(crimeRatePer1000(0, 350_000)).toBe(0);
    expect(crimeRatePer1000(1162, 331_212)).toBe((1162 * 1000) / 331_212);
    expect(crimeRatePer1000(5, null)).toBeNull();
  });

  it('outcome gaps and outcomes required work in integers', () => {
    // 25% of 1162 is 290.5; with 191 outcomes, 99.5 short: 100 more needed.
    expect(outcomeGap(25, 1162, 191)).toBe(99.5);
    expect(outcomesRequired(25, 1162, 191)).toBe(100);
    expect(outcomeGap(23.5, 200, 47)).toBe(0);
    expect(outcomesRequired(23.5, 200, 47)).toBe(0);
    expect(outcomesRequired(23.5, 200, 30)).toBe(17);
    expect(rateGap(25, 4, 1)).toEqual({ numerator: 0n, denominator: 100n });
    expect(ceilDiv(-7n, 2n)).toBe(-3n);
    expect(ceilDiv(7n, 2n)).toBe(4n);
  });

  it('shortfalls in points are worked from the counts', () => {
    // -3.4757...% against a 13% reduction: 9.524... points short; one division.
    expect(pointsAboveReduction(90, 100, 13)).toBe(3);
    expect(pointsAboveReduction(1162, 1249, 13)).toBe((-87 * 100 + 13 * 1249) / 1249);
    expect(pointsBelowRate(85, 8744, 10000)).toBe(-2.44);
    expect(pointsBelowRate(82, 11, 14)).toBe((82 * 14 - 1100) / 14);
    expect(rateAtLeast(1, 2, 50)).toBe(true);
    expect(rateAtLeast(49, 100, 49.5)).toBe(false);
  });

  it('quotient rounds once, also beyond exact doubles', () => {
    expect(quotient(1n, 3n)).toBe(1 / 3);
    expect(quotient(-6n, -4n)).toBe(1.5);
    expect(quotient(10n ** 30n + 1n, 10n ** 10n)).toBe(1e20);
    expect(quotient(10n ** 30n, 3n * 10n ** 12n)).toBeCloseTo(1e30 / 3e12, 0);
    expect(() => quotient(1n, 0n)).toThrow(RangeError);
  });
});
