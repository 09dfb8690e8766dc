/**
 * Disclosure control: small counts of sensitive categories are withheld from anonymous callers
 * below force level, so that no victim can be identified from a small count.
 *
 * The rule, precisely:
 * - A figure is *restricted* when all three hold: the caller has no API key (any valid key, PARTNER
 *   included, sees everything); its category is sensitive (the category or any category above it
 *   is marked `sensitive`: DOMESTIC_VIOLENCE, SEXUAL_OFFENCES, HATE_CRIME in the seed; ALL_CRIME
 *   is not, though it contains SEXUAL_OFFENCES); and its area is below force level (level BCU,
 *   LPU or NEIGHBOURHOOD: FORCE and the levels above it are never restricted).
 * - A count is *small* when it is 1 to threshold - 1 (threshold from DISCLOSURE_THRESHOLD, default
 *   5). Zero is never small: that nothing was recorded identifies no victim.
 * - A restricted Performance is *withheld* when any of its period counts is small: recorded,
 *   previousRecorded, outcomes or previousOutcomes. Then every count and every figure derived from
 *   them is null (change, percent change, target level, gap, target met, outcome rates, outcomes
 *   required, crime rate, trend, control chart, significance, monthly values, outcomes by type,
 *   crimes under investigation, peer comparison, contributions, narrative), and `disclosure`
 *   says why. Targets themselves (targetReduction, targetOutcomeRate) are policy, not data: shown.
 * - A restricted Performance that is not withheld still withholds, each as a whole, the
 *   breakdowns that hold a small count of their own: monthly values (a small recorded, outcomes
 *   or previousRecorded in any month), outcomes by type (a small count of any type), trend and
 *   control chart (a small value in the months they fit), crimes under investigation (a small
 *   snapshot), peer comparison (a small count of a member below force level). As a whole, so a
 *   hidden cell cannot be recovered by subtracting the visible cells from the total.
 * - Contributions, narrative and the order of children treat a withheld part (child area or
 *   category) as unknown: contributions with a withheld part are null; the narrative leaves out
 *   its sentence on the children when any child is withheld; withheld children order last.
 * - The scorecard's rows for a withheld figure have null actual, gap and shortfall.
 *
 * What this does not do: secondary suppression across requests. A withheld count can still be
 * worked out by difference from figures that are shown (a force's count minus its other BCUs';
 * ALL_CRIME minus its other categories; a longer period minus a shorter one).
 *
 * Cost: deciding needs only the area's level, the category's sensitivity (loaded with the
 * category, in the same statement) and counts the figure loads anyway, so it adds no SQL; loads
 * are issued in the same batches as for a keyed caller and the decision applied afterwards, so
 * batches and statement counts never depend on what is withheld. (A row that cannot be withheld
 * may read fewer months, PerformanceNode.narrowFrom: that depends on the caller, the level and
 * the category, never on the counts.) (A document that asks a restricted figure
 * only for fields that need no counts, e.g. just underInvestigation, loads its monthly series
 * to decide: one more batched statement.)
 */
import type { Caller } from './caller';

export const DEFAULT_DISCLOSURE_THRESHOLD = 5;

/** Area levels below force: figures there are restricted for sensitive categories. */
export const BELOW_FORCE_LEVELS: ReadonlySet<string> = new Set(['BCU', 'LPU', 'NEIGHBOURHOOD']);

let parsed: { raw: string | undefined; value: number } | null = null;

/** The threshold from DISCLOSURE_THRESHOLD (an integer, 1 or more; 1 disables withholding), default 5. */
export function disclosureThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DISCLOSURE_THRESHOLD;
  if (parsed && parsed.raw === raw) return parsed.value;
  let value = DEFAULT_DISCLOSURE_THRESHOLD;
  if (raw !== undefined && raw.trim() !== '') {
    value = Number(raw);
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`DISCLOSURE_THRESHOLD must be a whole number, 1 or more (1 withholds nothing); got "${raw}".`);
    }
  }
  parsed = { raw, value };
  return value;
}

export function isBelowForce(level: string): boolean {
  return BELOW_FORCE_LEVELS.has(level);
}

/** Whether the small-count rule applies to a caller, an area level and a category's sensitivity. */
export function isRestricted(caller: Caller | null, areaLevel: string, categorySensitive: boolean): boolean {
  return caller === null && categorySensitive && isBelowForce(areaLevel);
}

/** 1 to threshold - 1; never 0, never null. */
export function isSmall(n: number | null | undefined, threshold: number): boolean {
  return typeof n === 'number' && n >= 1 && n < threshold;
}

export function anySmall(values: Iterable<number | null | undefined>, threshold: number): boolean {
  for (const v of values) if (isSmall(v, threshold)) return true;
  return false;
}

export function withheldReason(threshold: number): string {
  return `Counts below ${threshold} of a sensitive category are withheld below force level for callers without an API key`;
}

/** The decision for one figure, as the `disclosure` field reports it. */
export interface DisclosureDecision {
  restricted: boolean;
  withheld: boolean;
  threshold: number;
  reason: string | null;
}

export function decide(restricted: boolean, counts: Iterable<number | null | undefined>, threshold: number): DisclosureDecision {
  const withheld = restricted && anySmall(counts, threshold);
  return { restricted, withheld, threshold, reason: withheld ? withheldReason(threshold) : null };
}

export const NOT_RESTRICTED = (threshold: number): DisclosureDecision => ({ restricted: false, withheld: false, threshold, reason: null });
