/**
 * Whether a period's counts are known (docs/domain.md), which decides whether its figures are
 * numbers or null: a missing month is never mistaken for a fall in crime.
 */

/**
 * The period's counts: known when some month had a fact, or when the whole period lies inside the
 * data horizon (a month without a fact is then a month without crime, a known 0).
 */
export function periodKnown(monthsWithData: number, insideHorizon?: boolean): boolean {
  return monthsWithData > 0 || insideHorizon === true;
}

/**
 * The comparison period's counts: the data horizon decides when it is told (a comparison period
 * starting before the first month of data is not known, whatever months it has); otherwise known
 * when some month had a fact.
 */
export function comparisonKnown(monthsWithData: number, insideHorizon?: boolean): boolean {
  return insideHorizon ?? monthsWithData > 0;
}

/** Whether a change, a percent change and a target level can be worked out: both periods' counts known. */
export function comparable(periodCountsKnown: boolean, comparisonCountsKnown: boolean): boolean {
  return periodCountsKnown && comparisonCountsKnown;
}
