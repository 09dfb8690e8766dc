/**
 * Disclosure control: an anonymous caller cannot learn a small count (1 to threshold - 1) of
 * sensitive records below force level, whichever figures it asks for and subtracts
 * (docs/disclosure.md).
 *
 * The rule, precisely:
 * - A count is *perturbed* when all three hold: the caller has no API key (any valid key sees
 *   exact figures); its area is below force level (BCU, LPU, NEIGHBOURHOOD); and it holds
 *   sensitive records: its category is sensitive (it or a category above it is marked, e.g.
 *   DOMESTIC_VIOLENCE, SEXUAL_OFFENCES, HATE_CRIME) or has a sensitive category below it
 *   (ALL_CRIME holds SEXUAL_OFFENCES); for surveys, the survey is one of victims of a sensitive
 *   category (RACIST_INCIDENT). Everything else is exact for everyone.
 * - Perturbed counts get small zero-mean noise keyed on their contents (src/auth/perturbation.ts),
 *   on the running totals of each month, so any period, its months, and every difference of
 *   periods come from the same perturbed values. A figure's every derived value (change, rates,
 *   target gap, trend, control chart, contributions, narrative, ordering, scorecard rows) is
 *   computed from its perturbed counts, so an answer agrees with itself.
 * - Breakdowns that are not perturbed consistently with the counts are withheld as a whole for
 *   every perturbed figure, whatever their counts (so that null says nothing about them):
 *   outcomes by type, crimes under investigation, and a peer comparison with a member below
 *   force level.
 * - DISCLOSURE_THRESHOLD (default 5) names what is small; 1 turns disclosure control off.
 *
 * Cost: the decision needs the caller, the area's level and the category tree (all in hand);
 * a perturbed series is read from the start of the data with its sensitive subcategories', in
 * the same batch as every other series: no statement is added.
 */
import { WarningCode } from '../warnings/codes';
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
      throw new Error(
        `DISCLOSURE_THRESHOLD must be a whole number, 1 or more (1 turns disclosure control off); got "${raw}".`,
      );
    }
  }
  parsed = { raw, value };
  return value;
}

export function isBelowForce(level: string): boolean {
  return BELOW_FORCE_LEVELS.has(level);
}

/** Whether counts are perturbed for a caller, an area level and whether the figure holds sensitive records. */
export function isRestricted(
  caller: Caller | null,
  areaLevel: string,
  holdsSensitive: boolean,
  threshold = disclosureThreshold(),
): boolean {
  return caller === null && holdsSensitive && isBelowForce(areaLevel) && threshold > 1;
}

/** What was done to a figure's counts: EXACT (nothing) or PERTURBED (noise added). */
export type DisclosureMethod = 'EXACT' | 'PERTURBED';

export const PERTURBED_REASON =
  'Counts holding sensitive records below force level carry small noise for callers without an API key, so ' +
  'that no small count can be worked out';

/** The decision for one figure, as the `disclosure` field reports it. */
export interface DisclosureDecision {
  method: DisclosureMethod;
  restricted: boolean;
  /** Kept for clients of the former rule: counts are never withheld now. */
  withheld: boolean;
  threshold: number;
  reason: string | null;
}

export const NOT_RESTRICTED = (threshold: number): DisclosureDecision => ({
  method: 'EXACT',
  restricted: false,
  withheld: false,
  threshold,
  reason: null,
});
export const PERTURBED = (threshold: number): DisclosureDecision => ({
  method: 'PERTURBED',
  restricted: true,
  withheld: false,
  threshold,
  reason: PERTURBED_REASON,
});

/**
 * The bound B of the noise of a running total of crimes, by area level (src/auth/perturbation.ts):
 * a count moves by at most 2B either way, and is shown as itself one time in 2B + 1. LPUs and
 * neighbourhoods, where small counts are, get B = 3 (one time in seven, so that even an attacker
 * who picks the likeliest cells stays below one in four); BCUs, whose counts are large, B = 1, so
 * that their figures stay within the report's rounding. Survey answers get B = 2 at every level.
 */
export const NOISE_BOUND_BY_LEVEL: Readonly<Record<string, number>> = { BCU: 1, LPU: 3, NEIGHBOURHOOD: 3 };

/** Stable warning codes (documented in docs/disclosure.md). */
export const FIGURES_PERTURBED = WarningCode.FIGURES_PERTURBED;
export const FIGURES_WITHHELD = WarningCode.FIGURES_WITHHELD;

/** The month running totals start from: every fact counts (see src/auth/perturbation.ts). */
export const RUNNING_TOTALS_FROM = 190001;
