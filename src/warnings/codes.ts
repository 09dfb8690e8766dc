/** The stable codes of `extensions.warnings` (docs/periods-and-warnings.md describes each). */
export const WarningCode = {
  /** The period reached past the data (or before it): answered on the months inside it, and the same a year earlier. */
  PERIOD_CLIPPED: 'PERIOD_CLIPPED',
  /** Months of the compared period hold no fact for a figure: they count as 0. */
  MONTHS_WITHOUT_DATA: 'MONTHS_WITHOUT_DATA',
  /** The comparison period starts before the first month of data. */
  COMPARISON_BEFORE_DATA: 'COMPARISON_BEFORE_DATA',
  /** Outcomes are loaded to an earlier month than recorded crime. */
  OUTCOMES_INCOMPLETE: 'OUTCOMES_INCOMPLETE',
  /** No snapshot of crimes under investigation for the month asked. */
  INVESTIGATIONS_NOT_LOADED: 'INVESTIGATIONS_NOT_LOADED',
  /**
   * Counts holding sensitive records below force level carry small noise for this caller (src/auth/perturbation.ts).
   */
  FIGURES_PERTURBED: 'FIGURES_PERTURBED',
  /** A breakdown that cannot carry the noise was withheld from this caller. */
  FIGURES_WITHHELD: 'FIGURES_WITHHELD',
} as const;
