/** Rates as percentages (27.4, not 0.274), unrounded. Rates are ratios of sums: callers sum first, then divide. */

/**
 * numerator / denominator x 100; null when the denominator is 0 (no crimes means no rate, not a rate of 0).
 * Multiplies before dividing so that exact ratios stay exact (7 / 100 x 100 would give 7.000000000000001).
 */
export function ratePercent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return (numerator * 100) / denominator;
}

/** Outcomes in the period as a percentage of the crimes recorded in the same period. */
export function outcomeRate(outcomes: number, recorded: number): number | null {
  return ratePercent(outcomes, recorded);
}

/** Rounds away floating error so that 219.0000000001 counts as 219 before ceil. */
function clean(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/**
 * Further outcomes needed to reach the target rate: max(0, ceil(target/100 x recorded - outcomes)) ("a further 219
 * outcomes are required"). Rounded to 9 decimals before ceil, so floating error never asks for one outcome too many.
 */
export function outcomesRequired(targetRatePercent: number, recorded: number, outcomes: number): number {
  return Math.max(0, Math.ceil(clean(outcomeGap(targetRatePercent, recorded, outcomes))));
}

/** target/100 x recorded - outcomes, unrounded: positive = outcomes short of the target rate, negative = ahead of it. */
export function outcomeGap(targetRatePercent: number, recorded: number, outcomes: number): number {
  return (targetRatePercent * recorded) / 100 - outcomes;
}

/** Recorded crimes per 1,000 people; null when the population is unknown or 0. */
export function crimeRatePer1000(recorded: number, population: number | null | undefined): number | null {
  if (population === null || population === undefined || population === 0) return null;
  return (recorded * 1000) / population;
}
