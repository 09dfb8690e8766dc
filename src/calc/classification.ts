/**
 * The scorecard's "Overall Classification": an objective starts at its harm level and drops one level when its
 * target is met or missed by no more than a tolerance. This reproduces the report's labels, e.g. theft of motor
 * vehicle outcomes (medium harm, 22.2% against 23%: 0.8 points short) classed Low.
 */

export type Harm = 'HIGH' | 'MEDIUM' | 'LOW';
export type Measure = 'RECORDED_CRIME' | 'OUTCOME_RATE' | 'SATISFACTION';

export const DEFAULT_TOLERANCE_POINTS = 1;

/** Slack so that a shortfall equal to the tolerance (9 - 8.0 = 1) is not tipped over it by floating error. */
const EPSILON = 1e-9;

const ORDER: readonly Harm[] = ['HIGH', 'MEDIUM', 'LOW'];

/**
 * How far short of its target an objective is, in percentage points of its own measure; positive = short,
 * negative = ahead. RECORDED_CRIME: actual = percent change, target = the targeted change (-13 for a 13% reduction),
 * so shortfall = actual - target (+4.6 against -10 is 14.6 points). OUTCOME_RATE and SATISFACTION: higher is
 * better, so shortfall = target - actual (16.8% against 25% is 8.2 points). Null when either figure is missing.
 */
export function shortfallPoints(measure: Measure, actual: number | null, target: number | null): number | null {
  if (actual === null || target === null) return null;
  return measure === 'RECORDED_CRIME' ? actual - target : target - actual;
}

export interface ClassificationOptions {
  /** Shortfall, in points, still treated as "nearly met" (default 1). */
  tolerancePoints?: number;
  /** A tolerance per harm level, overriding tolerancePoints for that level. */
  toleranceByHarm?: Partial<Record<Harm, number>>;
}

export interface ClassifyInput extends ClassificationOptions {
  harm: Harm;
  /** Whether the target is met; null when there is no target. */
  met: boolean | null;
  /** From shortfallPoints; null when there is no target or no actual figure. */
  shortfallPoints: number | null;
}

/** The tolerance that applies to an objective of the given harm. */
export function toleranceFor(harm: Harm, options: ClassificationOptions = {}): number {
  return options.toleranceByHarm?.[harm] ?? options.tolerancePoints ?? DEFAULT_TOLERANCE_POINTS;
}

/** One level less severe, never below LOW. */
export function lowerHarm(h: Harm): Harm {
  return ORDER[Math.min(ORDER.length - 1, ORDER.indexOf(h) + 1)];
}

/**
 * The objective's classification: its harm, lowered one level (not below LOW) when the target is met or the
 * shortfall is within the tolerance. Without a target (met and shortfall both null) nothing shows it is on track,
 * so it keeps its harm level.
 */
export function classify(input: ClassifyInput): Harm {
  const tolerance = toleranceFor(input.harm, input);
  const withinTolerance = input.shortfallPoints !== null && input.shortfallPoints <= tolerance + EPSILON;
  return input.met === true || withinTolerance ? lowerHarm(input.harm) : input.harm;
}

/** Sort key for classifications, most severe first: HIGH 0, MEDIUM 1, LOW 2. */
export function classificationRank(h: Harm): number {
  return ORDER.indexOf(h);
}
