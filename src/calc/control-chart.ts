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
  /** Whether any point has a signal. */
  hasSignal: boolean;
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
  if (!Number.isInteger(runLength) || runLength < 2)
    throw new RangeError(`runLength must be a whole number >= 2, got ${runLength}`);
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

  // One pass sets each point's signals as bits; the point objects are built only when asked for
  // (a league of 352 rows asking hasSignal would otherwise make 4,000 objects and arrays).
  const flags = new Uint8Array(values.length);
  let runSide = 0;
  let runCount = 0;
  let hasSignal = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let f = 0;
    if (upperLimit !== null && value > upperLimit) f |= UPPER;
    if (lowerLimit !== null && value < lowerLimit) f |= LOWER;
    const side = Math.sign(value - centreLine);
    if (side !== 0 && side === runSide) runCount++;
    else {
      runSide = side;
      runCount = side === 0 ? 0 : 1;
    }
    if (runCount >= runLength) f |= runSide > 0 ? RUN_ABOVE : RUN_BELOW;
    flags[i] = f;
    if (f) hasSignal = true;
  }
  return new XmrChart(values, movingRanges, flags, centreLine, averageMovingRange, upperLimit, lowerLimit, hasSignal);
}

/** A class rather than a literal with a getter, which V8 builds about 20 times slower. */
class XmrChart implements ControlChart {
  private pointList: ControlChartPoint[] | undefined = undefined;

  constructor(
    private readonly values: readonly number[],
    private readonly movingRanges: number[],
    private readonly flags: Uint8Array,
    readonly centreLine: number,
    readonly averageMovingRange: number | null,
    readonly upperLimit: number | null,
    readonly lowerLimit: number | null,
    readonly hasSignal: boolean,
  ) {}

  get points(): ControlChartPoint[] {
    this.pointList ??= this.values.map((value, index) => ({
      index,
      value,
      movingRange: index === 0 ? null : this.movingRanges[index - 1],
      signals: signalsOf(this.flags[index]),
    }));
    return this.pointList;
  }
}

const UPPER = 1;
const LOWER = 2;
const RUN_ABOVE = 4;
const RUN_BELOW = 8;

function signalsOf(f: number): ControlSignal[] {
  const signals: ControlSignal[] = [];
  if (f & UPPER) signals.push('BEYOND_UPPER_LIMIT');
  if (f & LOWER) signals.push('BEYOND_LOWER_LIMIT');
  if (f & RUN_ABOVE) signals.push('RUN_ABOVE_CENTRE');
  if (f & RUN_BELOW) signals.push('RUN_BELOW_CENTRE');
  return signals;
}
