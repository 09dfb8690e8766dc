import { peerComparison } from '../../src/calc/peer';

describe('peerComparison', () => {
  // An MSG of 8 forces, rates per 1,000 over three months; the area's own rate (1.9) is among them.
  const msg = [1.9, 1.2, 2.4, 1.6, 2.8, 1.5, 2.1, 1.7];

  it('unweighted mean and population SD of the group, area included', () => {
    const r = peerComparison(1.9, msg)!;
    expect(r.rate).toBe(1.9);
    expect(r.peerMean).toBeCloseTo(15.2 / 8, 12);
    const m = 15.2 / 8;
    const sd = Math.sqrt(msg.reduce((s, x) => s + (x - m) ** 2, 0) / msg.length);
    expect(r.peerStdDev).toBeCloseTo(sd, 12);
    expect(r.band).toBe('SIMILAR');
  });

  it('HIGHER above mean + SD, LOWER below mean - SD', () => {
    expect(peerComparison(2.8, msg)!.band).toBe('HIGHER');
    expect(peerComparison(1.2, msg)!.band).toBe('LOWER');
  });

  it('on the edge of the band is SIMILAR', () => {
    // mean 2, SD 1: the band is [1, 3]
    expect(peerComparison(3, [1, 3])).toEqual({ rate: 3, peerMean: 2, peerStdDev: 1, band: 'SIMILAR' });
    expect(peerComparison(1, [1, 3])!.band).toBe('SIMILAR');
    expect(peerComparison(3.0000001, [1, 3])!.band).toBe('HIGHER');
    expect(peerComparison(0.9999999, [1, 3])!.band).toBe('LOWER');
  });

  it('on the edge despite floating error is SIMILAR', () => {
    const rates = [0.1, 0.2, 0.3];
    const r = peerComparison(0.2, rates)!;
    const upperEdge = r.peerMean + r.peerStdDev;
    expect(peerComparison(upperEdge, rates)!.band).toBe('SIMILAR');
  });

  it('the band multiplier is configurable', () => {
    // mean 2, SD 1
    expect(peerComparison(3.5, [1, 3])!.band).toBe('HIGHER');
    expect(peerComparison(3.5, [1, 3], { bandMultiplier: 2 })!.band).toBe('SIMILAR');
    expect(peerComparison(2.4, [1, 3], { bandMultiplier: 0.25 })!.band).toBe('HIGHER');
    expect(() => peerComparison(2, [1, 3], { bandMultiplier: -1 })).toThrow(RangeError);
  });

  it('all forces equal: SD 0, equal rate SIMILAR', () => {
    expect(peerComparison(2, [2, 2, 2])).toEqual({ rate: 2, peerMean: 2, peerStdDev: 0, band: 'SIMILAR' });
  });

  it('is null when the area has no rate', () => {
    expect(peerComparison(null, msg)).toBeNull();
  });

  it('is null with fewer than 2 rates', () => {
    expect(peerComparison(1.9, [1.9])).toBeNull();
    expect(peerComparison(1.9, [])).toBeNull();
  });

  it('leaves out non-finite rates before counting', () => {
    expect(peerComparison(1, [1, NaN])).toBeNull();
    expect(peerComparison(1, [1, 3, Infinity])).toEqual({ rate: 1, peerMean: 2, peerStdDev: 1, band: 'SIMILAR' });
  });
});
