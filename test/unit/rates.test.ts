import { crimeRatePer1000, outcomeGap, outcomeRate, outcomesRequired, ratePercent } from '../../src/calc/rates';

describe('ratePercent', () => {
  it('is a percentage, unrounded', () => {
    expect(ratePercent(1, 4)).toBe(25);
    expect(ratePercent(1, 3)).toBeCloseTo(33.333333333, 8);
    expect(ratePercent(7, 100)).toBe(7);
  });
  it('is null when the denominator is 0', () => {
    expect(ratePercent(0, 0)).toBeNull();
    expect(ratePercent(5, 0)).toBeNull();
  });
  it('is 0 for a zero numerator', () => {
    expect(ratePercent(0, 10)).toBe(0);
  });
});

describe('outcomeRate', () => {
  it('domestic burglary 16.8%', () => {
    expect(outcomeRate(449, 2671)).toBeCloseTo(16.81, 2);
  });
  it('violence with injury 50% against 50%', () => {
    expect(outcomeRate(1650, 3300)).toBe(50);
  });
  it('all crime 27.4% against 33.2% a year earlier', () => {
    expect(outcomeRate(11478, 41891)).toBeCloseTo(27.4, 1);
    expect(outcomeRate(13529, 40750)).toBeCloseTo(33.2, 1);
  });
  it('is null with no recorded crime', () => {
    expect(outcomeRate(0, 0)).toBeNull();
  });
});

describe('outcomesRequired', () => {
  it('domestic burglary: 16.8% against 25%, a further 219 outcomes', () => {
    expect(outcomesRequired(25, 2671, 449)).toBe(219);
  });
  it('theft of motor vehicle: 22.2% against 23%, 7 more', () => {
    expect(outcomesRequired(23, 773, 171)).toBe(7);
  });
  it('theft from motor vehicle: 8.0% against 9%, 37 more', () => {
    expect(outcomesRequired(9, 3807, 306)).toBe(37);
  });
  it('hate crime: 44.6% against 55%, 68 more', () => {
    expect(outcomesRequired(55, 654, 292)).toBe(68);
  });
  it('is 0 when the target rate is met exactly', () => {
    expect(outcomesRequired(50, 3300, 1650)).toBe(0);
  });
  it('is 0 when ahead, never negative', () => {
    expect(outcomesRequired(25, 100, 40)).toBe(0);
  });
  it('is 0 with no recorded crime', () => {
    expect(outcomesRequired(25, 0, 0)).toBe(0);
  });
  it('rounds a fraction of an outcome up', () => {
    expect(outcomesRequired(25, 10, 2)).toBe(1); // 2.5 - 2 = 0.5
  });
  it('guards floating error before ceil: 16.1% of 1000 is 161, not 162', () => {
    expect((16.1 * 1000) / 100).toBeGreaterThan(161); // the raw product carries floating error
    expect(outcomesRequired(16.1, 1000, 0)).toBe(161);
    expect(outcomesRequired(7, 100, 0)).toBe(7);
    expect(outcomesRequired(64.1, 1000, 640)).toBe(1);
  });
});

describe('outcomeGap', () => {
  it('is target/100 x recorded - outcomes, unrounded', () => {
    expect(outcomeGap(25, 2671, 449)).toBeCloseTo(218.75, 9);
    expect(outcomeGap(23, 773, 171)).toBeCloseTo(6.79, 9);
  });
  it('is negative when ahead', () => {
    expect(outcomeGap(25, 100, 40)).toBe(-15);
  });
  it('is 0 on target', () => {
    expect(outcomeGap(50, 3300, 1650)).toBe(0);
  });
});

describe('crimeRatePer1000', () => {
  it('is recorded / population x 1000', () => {
    expect(crimeRatePer1000(41891, 1000000)).toBeCloseTo(41.891, 12);
    expect(crimeRatePer1000(3, 2000)).toBe(1.5);
  });
  it('is null with no or zero population', () => {
    expect(crimeRatePer1000(10, 0)).toBeNull();
    expect(crimeRatePer1000(10, null)).toBeNull();
    expect(crimeRatePer1000(10, undefined)).toBeNull();
  });
  it('is 0 with no crime', () => {
    expect(crimeRatePer1000(0, 5000)).toBe(0);
  });
});
