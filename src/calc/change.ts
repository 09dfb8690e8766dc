import { percentChangeOf } from './exact';

/** Change between the current period (C) and the comparison period (P): C - P. */
export function change(current: number, previous: number): number {
  return current - previous;
}

/**
 * Percent change (C - P) / P x 100, as a percentage (2.8 for +2.8%), unrounded.
 * Null when P = 0: a change from nothing has no meaningful percentage, and Infinity would leak into JSON as null
 * anyway.
 */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return percentChangeOf(current, previous);
}
