import { gapToTarget, targetedChangePercent, targetLevel, targetMet } from '../../src/calc/target';

describe('targetLevel', () => {
  it('is P x (1 - r/100)', () => {
    expect(targetLevel(2768, 13)).toBeCloseTo(2408.16, 9);
    expect(targetLevel(100, 10)).toBe(90);
    expect(targetLevel(100, 0)).toBe(100);
  });
  it('is exact for whole percentages where 1 - r/100 is not', () => {
    expect(targetLevel(1000, 7)).toBe(930);
  });
  it('is null with no target', () => {
    expect(targetLevel(2768, null)).toBeNull();
    expect(targetLevel(2768, undefined)).toBeNull();
  });
  it('of a zero comparison count is 0', () => {
    expect(targetLevel(0, 13)).toBe(0);
  });
  it('a negative reduction (an allowed increase) raises the level', () => {
    expect(targetLevel(200, -5)).toBe(210);
  });
});

describe('gapToTarget', () => {
  it('domestic burglary: -3.5% against a 13% reduction is 263 crimes short', () => {
    const gap = gapToTarget(2671, targetLevel(2768, 13));
    expect(gap).toBeCloseTo(262.84, 9);
    expect(Math.round(gap)).toBe(263);
  });
  it('theft from motor vehicle: 775 above a 14% reduction target level', () => {
    expect(gapToTarget(3807, targetLevel(3525, 14))).toBeCloseTo(775.5, 9);
  });
  it('violence with injury: 434 short of a 2% reduction', () => {
    expect(Math.round(gapToTarget(3305, targetLevel(2930, 2)))).toBe(434);
  });
  it('all crime: nearly 3,200 above a 5% reduction', () => {
    expect(gapToTarget(41891, targetLevel(40750, 5))).toBeCloseTo(3178.5, 9);
  });
  it('is negative when ahead of target', () => {
    expect(gapToTarget(80, targetLevel(100, 10))).toBe(-10);
  });
  it('is 0 when the target is met exactly', () => {
    expect(gapToTarget(87, targetLevel(100, 13))).toBe(0);
    expect(gapToTarget(930, targetLevel(1000, 7))).toBe(0);
  });
  it('is null with no target', () => {
    expect(gapToTarget(2671, null)).toBeNull();
    expect(gapToTarget(2671, targetLevel(2768, null))).toBeNull();
  });
  it('with a zero comparison count any crime is short', () => {
    expect(gapToTarget(3, targetLevel(0, 10))).toBe(3);
  });
});

describe('targetMet', () => {
  it('short of the target is not met', () => {
    expect(targetMet(262.84)).toBe(false);
  });
  it('ahead of the target is met', () => {
    expect(targetMet(-10)).toBe(true);
  });
  it('met exactly counts as met', () => {
    expect(targetMet(0)).toBe(true);
    expect(targetMet(gapToTarget(930, targetLevel(1000, 7)))).toBe(true);
  });
  it('tolerates floating error on the exact target', () => {
    expect(targetMet(930 - 1000 * (1 - 0.07))).toBe(true); // 1.1e-13 from floating error alone
  });
  it('is null with no target', () => {
    expect(targetMet(null)).toBeNull();
    expect(targetMet(undefined)).toBeNull();
  });
  it('zero comparison count and zero crimes meets the target', () => {
    expect(targetMet(gapToTarget(0, targetLevel(0, 10)))).toBe(true);
  });
});

describe('targetedChangePercent', () => {
  it('a 13% reduction is -13', () => {
    expect(targetedChangePercent(13)).toBe(-13);
    expect(targetedChangePercent(2)).toBe(-2);
  });
  it('no reduction is 0, not -0', () => {
    expect(Object.is(targetedChangePercent(0), 0)).toBe(true);
  });
  it('no target is null', () => {
    expect(targetedChangePercent(null)).toBeNull();
  });
});
