/**
 * Recorded-crime targets: a reduction of r% on the comparison period. Every function passes "no target" (null or
 * undefined) through as null, so a caller can compute a row whether or not an objective exists.
 */
import { reducedLevel, subtract } from './exact';

/** Tolerance for floating error when comparing a count with a computed level (e.g. 1000 x 0.93 = 929.9999999999999). */
const EPSILON = 1e-9;

/**
 * The level of crime the target allows: P x (1 - r/100), the exact decimal: P x (100 - r) / 100 in integers
 * (src/calc/exact.ts), where (1 - r/100) is not exact (1 - 0.07 = 0.9299999999999999).
 */
export function targetLevel(previous: number, reductionPercent: number): number;
export function targetLevel(previous: number, reductionPercent: number | null | undefined): number | null;
export function targetLevel(previous: number, reductionPercent: number | null | undefined): number | null {
  if (reductionPercent === null || reductionPercent === undefined) return null;
  return reducedLevel(previous, reductionPercent);
}

/** C - target level, the exact decimal: positive = short of the target ("263 crimes short"), negative = ahead of it. */
export function gapToTarget(current: number, level: number): number;
export function gapToTarget(current: number, level: number | null | undefined): number | null;
export function gapToTarget(current: number, level: number | null | undefined): number | null {
  if (level === null || level === undefined) return null;
  return subtract(current, level);
}

/** Met when the gap is zero or negative (on target counts as met); null when there is no target. */
export function targetMet(gap: number | null | undefined): boolean | null {
  if (gap === null || gap === undefined) return null;
  return gap <= EPSILON;
}

/** The change the target asks for, in the units of percent change: a 13% reduction is -13. */
export function targetedChangePercent(reductionPercent: number): number;
export function targetedChangePercent(reductionPercent: number | null | undefined): number | null;
export function targetedChangePercent(reductionPercent: number | null | undefined): number | null {
  if (reductionPercent === null || reductionPercent === undefined) return null;
  return reductionPercent === 0 ? 0 : -reductionPercent;
}
