import { mean } from './stats';

export type ControlSignal = 'BEYOND_UPPER_LIMIT' | 'BEYOND_LOWER_LIMIT' | 'RUN_ABOVE_CENTRE' | 'RUN_BELOW_CENTRE';

export interface ControlChartPoint {
  index: number;
  value: number;
  /** |value - previous value|; null for the first point. */
  movingRange: number | null;
  signals: ControlSignal[];
}

export interface ControlChart {
  centreLine: number;
  /** Mean of the moving ranges; null with a single value (no range yet, so no limits either). */
  averageMovingRange: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  points: ControlChartPoint[];
}

export interface ControlChartOptions {
  /** Consecutive points on one side of the centre line that make a run signal (default 8). */
  runLength?: number;
  /** Clamp the lower limit at 0, as counts cannot be negative (default true). */
  clampLowerLimit?: boolean;
}

/** The XmR scaling constant: 3 / d2 with d2 = 1.128 for moving ranges of two points. */
export const XMR_SCALING = 2.66;

/**
 * An XmR (individuals and moving range) chart, the usual way to tell a real shift in monthly crime from noise.
 * Centre line = mean of the values; limits = centre +/- 2.66 x mean moving range (the lower clamped at 0 by
 * default). A point strictly beyond a limit is flagged BEYOND_UPPER_LIMIT / BEYOND_LOWER_LIMIT.
 *
 * Runs: once `runLength` consecutive points lie strictly on the same side of the centre line, the point that
 * completes the run and every further point of the same run are flagged RUN_ABOVE_CENTRE / RUN_BELOW_CENTRE; the
 * earlier points of the run are not, since nothing was unusual until the run reached its length. A point on the
 * centre line ends a run. Null for an empty series.
 */
export function xmrChart(values: readonly number[], options: ControlChartOptions = {}): ControlChart | null {
  const runLength = options.runLength ?? 8;
  const clamp = options.clampLowerLimit ?? true;
  if (!Number.isInteger(runLength) || runLength < 2) throw new RangeError(`runLength must be a whole number >= 2, got ${runLength}`);
  if (values.length === 0) return null;

  const centreLine = mean(values) as number;
  const movingRanges = values.slice(1).map((v, i) => Math.abs(v - values[i]));
  const averageMovingRange = mean(movingRanges);
  let upperLimit: number | null = null;
  let lowerLimit: number | null = null;
  if (averageMovingRange !== null) {
    upperLimit = centreLine + XMR_SCALING * averageMovingRange;
    lowerLimit = centreLine - XMR_SCALING * averageMovingRange;
    if (clamp && lowerLimit < 0) lowerLimit = 0;
  }

  let runSide = 0;
  let runCount = 0;
  const points = values.map((value, index): ControlChartPoint => {
    const signals: ControlSignal[] = [];
    if (upperLimit !== null && value > upperLimit) signals.push('BEYOND_UPPER_LIMIT');
    if (lowerLimit !== null && value < lowerLimit) signals.push('BEYOND_LOWER_LIMIT');
    const side = Math.sign(value - centreLine);
    if (side !== 0 && side === runSide) runCount++;
    else {
      runSide = side;
      runCount = side === 0 ? 0 : 1;
    }
    if (runCount >= runLength) signals.push(runSide > 0 ? 'RUN_ABOVE_CENTRE' : 'RUN_BELOW_CENTRE');
    return { index, value, movingRange: index === 0 ? null : movingRanges[index - 1], signals };
  });

  return { centreLine, averageMovingRange, upperLimit, lowerLimit, points };
}
