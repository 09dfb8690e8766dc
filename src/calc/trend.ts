import { leastSquaresSlope, mean } from './stats';

/** Slack so that a change exactly on the threshold is not tipped over it by floating error. */
const EPSILON = 1e-9;

export type TrendDirection = 'RISING' | 'FALLING' | 'STABLE';

export interface TrendOptions {
  /** How many of the latest values to fit (default 6). */
  months?: number;
  /** Relative change, in percent, beyond which the trend is RISING or FALLING (default 5). */
  thresholdPercent?: number;
}

export interface TrendResult {
  direction: TrendDirection;
  /** Least-squares change per month over the window; null for fewer than 2 values. */
  slope: number | null;
  /** slope x (N - 1) / mean x 100: the fitted change across the window relative to its mean level. */
  relativeChangePercent: number | null;
  /** How many values the fit used (fewer than `months` when the series is shorter). */
  months: number;
}

/**
 * Direction of the last N monthly values (pass them oldest first, months without data as 0). Fits a least-squares
 * line to x = 0..N-1 and compares the fitted change across the window, slope x (N - 1), with the window's mean:
 * RISING above +threshold%, FALLING below -threshold%, otherwise STABLE (exactly on the threshold is STABLE).
 *
 * A series shorter than N uses all its values. With fewer than 2 values there is nothing to fit: STABLE with null
 * slope and relative change (STABLE rather than a separate "no data" direction so the API's direction stays
 * non-null; a null slope tells the client there was no fit). With a mean of 0 (all-zero counts) the slope is still
 * reported but the relative change is null and the direction STABLE: no crimes is not a trend. The mean is taken
 * as an absolute value so the direction always follows the slope's sign, should a series ever be negative.
 */
export function trend(values: readonly number[], options: TrendOptions = {}): TrendResult {
  const months = options.months ?? 6;
  const threshold = options.thresholdPercent ?? 5;
  if (!Number.isInteger(months) || months < 2)
    throw new RangeError(`trend months must be a whole number >= 2, got ${months}`);
  if (!(threshold >= 0)) throw new RangeError(`trend thresholdPercent must be >= 0, got ${threshold}`);

  const window = values.slice(Math.max(0, values.length - months));
  const n = window.length;
  const slope = leastSquaresSlope(window);
  if (slope === null) return { direction: 'STABLE', slope: null, relativeChangePercent: null, months: n };

  const level = mean(window) as number;
  if (level === 0) return { direction: 'STABLE', slope, relativeChangePercent: null, months: n };

  const relativeChangePercent = (slope * (n - 1) * 100) / Math.abs(level);
  let direction: TrendDirection = 'STABLE';
  if (relativeChangePercent > threshold + EPSILON) direction = 'RISING';
  else if (relativeChangePercent < -threshold - EPSILON) direction = 'FALLING';
  return { direction, slope, relativeChangePercent, months: n };
}
