/**
 * Rates as percentages (27.4, not 0.274), unrounded. Rates are ratios of sums: callers sum first, then divide, once.
 */
import { ceilDiv, quotient, rateGap, scaledRatio, subtract } from './exact';

/**
 * numerator / denominator x 100; null when the denominator is 0 (no crimes means no rate, not a rate of 0).
 * Multiplies before dividing, in integers, so that exact ratios stay exact (7 / 100 x 100 would give
 * 7.000000000000001).
 */
export function ratePercent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return scaledRatio(numerator, denominator, 100);
}

/** Outcomes in the period as a percentage of the crimes recorded in the same period. */
export function outcomeRate(outcomes: number, recorded: number): number | null {
  return ratePercent(outcomes, recorded);
}

/**
 * Further outcomes needed to reach the target rate: max(0, ceil(target/100 x recorded - outcomes)) ("a further 219
 * outcomes are required"). Worked in integers (src/calc/exact.ts), so it never asks for one outcome too many.
 */
export function outcomesRequired(targetRatePercent: number, recorded: number, outcomes: number): number {
  if (!Number.isInteger(recorded) || !Number.isInteger(outcomes))
    return Math.max(0, Math.ceil(Math.round(outcomeGap(targetRatePercent, recorded, outcomes) * 1e9) / 1e9));
  const gap = rateGap(targetRatePercent, recorded, outcomes);
  const needed = ceilDiv(gap.numerator, gap.denominator);
  return needed > 0n ? Number(needed) : 0;
}

/**
 * target/100 x recorded - outcomes, the exact decimal: positive = outcomes short of the target rate, negative = ahead
 * of it.
 */
export function outcomeGap(targetRatePercent: number, recorded: number, outcomes: number): number {
  if (!Number.isInteger(recorded) || !Number.isInteger(outcomes))
    return subtract(scaledRatio(targetRatePercent * recorded, 100, 1), outcomes);
  const gap = rateGap(targetRatePercent, recorded, outcomes);
  return quotient(gap.numerator, gap.denominator);
}

/** Recorded crimes per 1,000 people (0 over no crimes); null when the population is unknown or 0. */
export function crimeRatePer1000(recorded: number, population: number | null | undefined): number | null {
  if (population === null || population === undefined || population === 0) return null;
  return scaledRatio(recorded, population, 1000);
}
