/** How the report writes its figures. Pure: the browser test formats the API's answers with these to compare. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DASH = '\u2013';

export function monthName(month: string, short = false): string {
  const [year, m] = month.split('-').map(Number);
  const name = MONTHS[m - 1] ?? month;
  return `${short ? name.slice(0, 3) : name} ${year}`;
}

export function count(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return Math.round(value).toLocaleString('en-GB');
}

/** A percentage with one decimal, e.g. 27.4%. */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return `${value.toFixed(1)}%`;
}

/** A change with its sign, e.g. +2.8% or −3.5% (a real minus sign). */
export function signedPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  const fixed = Math.abs(value).toFixed(1);
  if (fixed === '0.0') return '0.0%';
  return `${value > 0 ? '+' : '\u2212'}${fixed}%`;
}

export function signedCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  const rounded = Math.round(value);
  if (rounded === 0) return '0';
  return `${rounded > 0 ? '+' : '\u2212'}${Math.abs(rounded).toLocaleString('en-GB')}`;
}

export function rate(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return value.toFixed(2);
}

export type Measure = 'RECORDED_CRIME' | 'OUTCOME_RATE' | 'SATISFACTION';

/** The scorecard's actual: a change for recorded crime, a rate otherwise. */
export function actual(measure: Measure, value: number | null | undefined): string {
  return measure === 'RECORDED_CRIME' ? signedPercent(value) : percent(value);
}

/** The scorecard's target: "13.0% reduction" for recorded crime (the API's -13), a rate otherwise. */
export function target(measure: Measure, value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (measure !== 'RECORDED_CRIME') return percent(value);
  return value <= 0 ? `${Math.abs(value).toFixed(1)}% reduction` : `${value.toFixed(1)}% increase`;
}

/** The gap in the measure's own unit: crimes, outcomes or percentage points; positive = short. */
export function gap(measure: Measure, value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (measure === 'SATISFACTION') {
    const points = Math.abs(value).toFixed(1);
    return value > 0 ? `${points} points short` : `${points} points ahead`;
  }
  const unit = measure === 'RECORDED_CRIME' ? 'crimes' : 'outcomes';
  const n = Math.round(Math.abs(value)).toLocaleString('en-GB');
  return value > 0 ? `${n} ${unit} short` : `${n} ${unit} ahead`;
}

export function met(value: boolean | null | undefined): string {
  if (value === null || value === undefined) return 'No target';
  return value ? 'Met' : 'Not met';
}

export const HARM_WORDS: Record<string, string> = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' };
export const TREND_WORDS: Record<string, string> = { RISING: 'Rising', FALLING: 'Falling', STABLE: 'Stable' };
export const BAND_WORDS: Record<string, string> = {
  HIGHER: 'Higher than peers',
  SIMILAR: 'Similar to peers',
  LOWER: 'Lower than peers',
};
export const SIGNAL_WORDS: Record<string, string> = {
  BEYOND_UPPER_LIMIT: 'above the upper limit',
  BEYOND_LOWER_LIMIT: 'below the lower limit',
  RUN_ABOVE_CENTRE: 'run of 8 above the centre line',
  RUN_BELOW_CENTRE: 'run of 8 below the centre line',
};
export const ASPECT_WORDS: Record<string, string> = {
  EASE_OF_CONTACT: 'Ease of contact',
  ACTIONS: 'Actions taken',
  FOLLOW_UP: 'Follow-up',
  TREATMENT: 'Treatment',
  WHOLE_EXPERIENCE: 'Whole experience',
};
export const SURVEY_WORDS: Record<string, string> = {
  ALL_USERS: 'All users',
  BURGLARY: 'Burglary',
  VEHICLE: 'Vehicle crime',
  VIOLENT: 'Violent crime',
  RACIST_INCIDENT: 'Racist incidents',
  ASB: 'Anti-social behaviour',
};

/** The months of a financial year "2013-14": April 2013 to March 2014. */
export function financialYearMonths(financialYear: string): string[] {
  const start = Number(financialYear.slice(0, 4));
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1;
    const y = i < 9 ? start : start + 1;
    return `${y}-${String(m).padStart(2, '0')}`;
  });
}
