import { mean, populationStdDev } from './stats';

export type PeerBand = 'HIGHER' | 'SIMILAR' | 'LOWER';

export interface PeerComparisonResult {
  rate: number;
  peerMean: number;
  peerStdDev: number;
  band: PeerBand;
}

export interface PeerComparisonOptions {
  /** Width of the SIMILAR band in standard deviations either side of the mean (default 1). */
  bandMultiplier?: number;
}

/** Relative slack so that a rate lying on the band's edge is not pushed outside it by floating error. */
const EDGE_TOLERANCE = 1e-9;

/**
 * The area's rate against its peer group, as HMIC's comparator does it: the unweighted mean of the group's rates
 * (pass the area's own rate among them, as it is part of its Most Similar Group) and the population SD of those
 * rates. HIGHER above mean + k x SD, LOWER below mean - k x SD, SIMILAR inside or on the edge of the band.
 * Non-finite rates (a force with no population) are left out. Null when the area has no rate or fewer than 2
 * usable group rates remain, since a band needs a spread.
 */
export function peerComparison(
  areaRate: number | null,
  groupRates: readonly number[],
  options: PeerComparisonOptions = {},
): PeerComparisonResult | null {
  const k = options.bandMultiplier ?? 1;
  if (!(k >= 0)) throw new RangeError(`bandMultiplier must be >= 0, got ${k}`);
  if (areaRate === null || !Number.isFinite(areaRate)) return null;
  const rates = groupRates.filter((r) => Number.isFinite(r));
  if (rates.length < 2) return null;
  const peerMean = mean(rates) as number;
  const peerStdDev = populationStdDev(rates) as number;
  const halfWidth = k * peerStdDev;
  const slack = EDGE_TOLERANCE * Math.max(1, Math.abs(peerMean));
  let band: PeerBand = 'SIMILAR';
  if (areaRate > peerMean + halfWidth + slack) band = 'HIGHER';
  else if (areaRate < peerMean - halfWidth - slack) band = 'LOWER';
  return { rate: areaRate, peerMean, peerStdDev, band };
}
