/**
 * Shared definitions for the seed data generator and its verifier:
 * codes (areas, categories, surveys), month helpers, a seeded PRNG,
 * integer allocation and CSV reading/writing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SEED_DIR = path.resolve(__dirname, '../../data/seed');

// ---------------------------------------------------------------------------
// Months and periods
// ---------------------------------------------------------------------------

/** First and last month of every fact series. */
export const FIRST_MONTH = '2011-04';
export const LAST_MONTH = '2013-11';

/** 2013-14 year to date as of 2013-11, and the same months one year earlier. */
export const CURRENT = { from: '2013-04', to: '2013-11' };
export const PREVIOUS = { from: '2012-04', to: '2012-11' };

/** Rolling 12 months ending 2013-11, the satisfaction window of the report. */
export const SATISFACTION_WINDOW = { from: '2012-12', to: '2013-11' };

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const mon = (index % 12) + 1;
  return `${year}-${String(mon).padStart(2, '0')}`;
}

export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** Calendar month number 1..12 of a YYYY-MM month. */
export function monthOfYear(month: string): number {
  return Number(month.slice(5, 7));
}

// ---------------------------------------------------------------------------
// Areas
// ---------------------------------------------------------------------------

export type AreaLevel = 'FORCE' | 'BCU' | 'LPU';

export interface AreaDef {
  code: string;
  name: string;
  level: AreaLevel;
  parent: string | null;
}

/** Leicestershire and its most similar group (MSG) peers, in output order. */
export const FORCES: AreaDef[] = [
  { code: 'LEICESTERSHIRE', name: 'Leicestershire Police', level: 'FORCE', parent: null },
  { code: 'AVON_AND_SOMERSET', name: 'Avon and Somerset Constabulary', level: 'FORCE', parent: null },
  { code: 'DERBYSHIRE', name: 'Derbyshire Constabulary', level: 'FORCE', parent: null },
  { code: 'ESSEX', name: 'Essex Police', level: 'FORCE', parent: null },
  { code: 'HAMPSHIRE', name: 'Hampshire Constabulary', level: 'FORCE', parent: null },
  { code: 'KENT', name: 'Kent Police', level: 'FORCE', parent: null },
  { code: 'NOTTINGHAMSHIRE', name: 'Nottinghamshire Police', level: 'FORCE', parent: null },
  { code: 'STAFFORDSHIRE', name: 'Staffordshire Police', level: 'FORCE', parent: null },
];
export const FORCE = 'LEICESTERSHIRE';
export const PEER_FORCES = FORCES.filter((f) => f.code !== FORCE).map((f) => f.code);
export const PEER_GROUP = 'LEICESTERSHIRE_MSG';

export const BCUS: AreaDef[] = [
  { code: 'CITY', name: 'City BCU', level: 'BCU', parent: FORCE },
  { code: 'COUNTIES', name: 'Counties BCU', level: 'BCU', parent: FORCE },
];

export const LPUS: AreaDef[] = [
  { code: 'CITY_CENTRE', name: 'City Centre', level: 'LPU', parent: 'CITY' },
  { code: 'BEAUMONT_LEYS', name: 'Beaumont Leys', level: 'LPU', parent: 'CITY' },
  { code: 'BELGRAVE', name: 'Belgrave', level: 'LPU', parent: 'CITY' },
  { code: 'SPINNEY_HILLS', name: 'Spinney Hills', level: 'LPU', parent: 'CITY' },
  { code: 'BRAUNSTONE', name: 'Braunstone', level: 'LPU', parent: 'CITY' },
  { code: 'BLABY', name: 'Blaby', level: 'LPU', parent: 'COUNTIES' },
  { code: 'CHARNWOOD', name: 'Charnwood', level: 'LPU', parent: 'COUNTIES' },
  { code: 'HARBOROUGH', name: 'Harborough', level: 'LPU', parent: 'COUNTIES' },
  { code: 'HINCKLEY_BOSWORTH', name: 'Hinckley & Bosworth', level: 'LPU', parent: 'COUNTIES' },
  { code: 'MELTON_RUTLAND', name: 'Melton & Rutland', level: 'LPU', parent: 'COUNTIES' },
  { code: 'NORTH_WEST_LEICESTERSHIRE', name: 'North West Leicestershire', level: 'LPU', parent: 'COUNTIES' },
  { code: 'OADBY_WIGSTON', name: 'Oadby & Wigston', level: 'LPU', parent: 'COUNTIES' },
];
export const CITY_LPUS = LPUS.filter((l) => l.parent === 'CITY').map((l) => l.code);
export const COUNTIES_LPUS = LPUS.filter((l) => l.parent === 'COUNTIES').map((l) => l.code);
export const LPUS_OF: Record<string, string[]> = { CITY: CITY_LPUS, COUNTIES: COUNTIES_LPUS };

export const POPULATION_YEARS = [2011, 2012, 2013];

// ---------------------------------------------------------------------------
// Categories
// ---------------------------------------------------------------------------

export interface CategoryDef {
  code: string;
  name: string;
  parent: string | null;
  kind: 'CRIME' | 'INCIDENT';
  /** Small counts withheld from anonymous callers below force level (the `sensitive` column). */
  sensitive?: boolean;
  /**
   * Holds only data.police.uk counts that are coarser than our leaves (see data/seed/README.md):
   * the generated series leave it empty, so it is not among the leaves that carry facts.
   */
  policeUkOnly?: boolean;
}

const crime = (code: string, name: string, parent: string | null, extra: Partial<CategoryDef> = {}): CategoryDef => ({
  code,
  name,
  parent,
  kind: 'CRIME',
  ...extra,
});

/** The category tree, parents before children. */
export const CATEGORIES: CategoryDef[] = [
  crime('ALL_CRIME', 'All crime', null),
  crime('VIOLENCE_AGAINST_THE_PERSON', 'Violence against the person', 'ALL_CRIME'),
  crime('HOMICIDE', 'Homicide', 'VIOLENCE_AGAINST_THE_PERSON'),
  crime('VIOLENCE_WITH_INJURY', 'Violence with injury', 'VIOLENCE_AGAINST_THE_PERSON'),
  crime('VIOLENCE_WITHOUT_INJURY', 'Violence without injury', 'VIOLENCE_AGAINST_THE_PERSON'),
  crime('SEXUAL_OFFENCES', 'Sexual offences', 'ALL_CRIME', { sensitive: true }),
  crime('VIOLENCE_AND_SEXUAL_OFFENCES_UNSPLIT', 'Violence and sexual offences (unsplit)', 'ALL_CRIME', {
    policeUkOnly: true,
  }),
  crime('ROBBERY', 'Robbery', 'ALL_CRIME'),
  crime('BURGLARY', 'Burglary', 'ALL_CRIME'),
  crime('DOMESTIC_BURGLARY', 'Domestic burglary', 'BURGLARY'),
  crime('BURGLARY_OTHER_THAN_DWELLING', 'Burglary other than dwelling', 'BURGLARY'),
  crime('VEHICLE_CRIME', 'Vehicle crime', 'ALL_CRIME'),
  crime('THEFT_OF_MOTOR_VEHICLE', 'Theft of motor vehicle', 'VEHICLE_CRIME'),
  crime('THEFT_FROM_MOTOR_VEHICLE', 'Theft from motor vehicle', 'VEHICLE_CRIME'),
  crime('VEHICLE_INTERFERENCE', 'Vehicle interference', 'VEHICLE_CRIME'),
  crime('THEFT_FROM_THE_PERSON', 'Theft from the person', 'ALL_CRIME'),
  crime('BICYCLE_THEFT', 'Bicycle theft', 'ALL_CRIME'),
  crime('SHOPLIFTING', 'Shoplifting', 'ALL_CRIME'),
  crime('OTHER_THEFT', 'Other theft', 'ALL_CRIME'),
  crime('CRIMINAL_DAMAGE_AND_ARSON', 'Criminal damage and arson', 'ALL_CRIME'),
  crime('DRUG_OFFENCES', 'Drug offences', 'ALL_CRIME'),
  crime('POSSESSION_OF_WEAPONS', 'Possession of weapons', 'ALL_CRIME'),
  crime('PUBLIC_ORDER_OFFENCES', 'Public order offences', 'ALL_CRIME'),
  crime('MISC_CRIMES_AGAINST_SOCIETY', 'Miscellaneous crimes against society', 'ALL_CRIME'),
  crime('DOMESTIC_VIOLENCE', 'Domestic violence', null, { sensitive: true }),
  crime('HATE_CRIME', 'Hate crime', null, { sensitive: true }),
  { code: 'ANTI_SOCIAL_BEHAVIOUR', name: 'Anti-social behaviour', parent: null, kind: 'INCIDENT' },
];

const hasChildren = new Set(CATEGORIES.map((c) => c.parent).filter((p): p is string => p !== null));
const policeUkOnly = new Set(CATEGORIES.filter((c) => c.policeUkOnly).map((c) => c.code));
/** Leaf categories: the only ones that carry facts (police.uk-only categories left empty). */
export const LEAF_CATEGORIES = CATEGORIES.filter((c) => !hasChildren.has(c.code) && !policeUkOnly.has(c.code)).map(
  (c) => c.code,
);

/** Leaves under ALL_CRIME (the crimes counted in "all crime"). */
export function leavesUnder(
  root: string,
  categories: { code: string; parent: string | null }[] = CATEGORIES,
): string[] {
  const children = new Map<string, string[]>();
  for (const c of categories) {
    if (c.parent) children.set(c.parent, [...(children.get(c.parent) ?? []), c.code]);
  }
  const out: string[] = [];
  const walk = (code: string) => {
    const kids = children.get(code);
    if (!kids) out.push(code);
    else kids.forEach(walk);
  };
  walk(root);
  return out;
}
export const ALL_CRIME_LEAVES = leavesUnder('ALL_CRIME').filter((c) => !policeUkOnly.has(c));

// ---------------------------------------------------------------------------
// Outcomes and surveys
// ---------------------------------------------------------------------------

export const OUTCOME_TYPES = [
  'CHARGE_SUMMONS',
  'CAUTION',
  'TIC',
  'PENALTY_NOTICE',
  'CANNABIS_WARNING',
  'COMMUNITY_RESOLUTION',
] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

export const SURVEYS = ['ALL_USERS', 'BURGLARY', 'VEHICLE', 'VIOLENT', 'RACIST_INCIDENT', 'ASB'] as const;
export type Survey = (typeof SURVEYS)[number];
export const ASPECTS = ['EASE_OF_CONTACT', 'ACTIONS', 'FOLLOW_UP', 'TREATMENT', 'WHOLE_EXPERIENCE'] as const;
export type Aspect = (typeof ASPECTS)[number];
/** "All Users satisfaction data relates to Burglary, Vehicle and Violent responses." */
export const ALL_USERS_PARTS: Survey[] = ['BURGLARY', 'VEHICLE', 'VIOLENT'];

export const PLAN_CODE = 'LEICESTERSHIRE-2013-14';

// ---------------------------------------------------------------------------
// Seeded random numbers (mulberry32), never Math.random
// ---------------------------------------------------------------------------

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal multiplicative noise with mean about 1. */
  jitter(sigma: number): number {
    return Math.exp(sigma * this.normal() - (sigma * sigma) / 2);
  }
  /** Binomial sample: successes out of n trials (normal approximation for large n), never above n. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n < 100) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) k++;
      return k;
    }
    const draw = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * this.normal());
    return Math.min(n, Math.max(0, draw));
  }
  /** Poisson sample (Knuth for small means, normal approximation for large). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > limit);
    return k - 1;
  }
}

/** A stable 32-bit hash of a string, to derive independent seeds per series. */
export function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------
// Integer allocation
// ---------------------------------------------------------------------------

/**
 * Split an integer total into integers proportional to weights (largest remainder method),
 * so the parts sum exactly to the total. Optional caps bound each part; the excess goes to the others.
 */
export function allocate(total: number, weights: number[], caps?: number[]): number[] {
  const n = weights.length;
  const parts = new Array<number>(n).fill(0);
  if (total <= 0 || n === 0) return parts;
  const open = new Set<number>(weights.map((_, i) => i));
  let remaining = total;
  for (;;) {
    const idx = [...open];
    const sumW = idx.reduce((s, i) => s + Math.max(0, weights[i]), 0);
    if (sumW <= 0) throw new Error(`allocate: no weight left for ${remaining}`);
    const share = idx.map((i) => (remaining * Math.max(0, weights[i])) / sumW);
    const floor = share.map(Math.floor);
    let left = remaining - floor.reduce((s, x) => s + x, 0);
    const order = idx.map((_, k) => k).sort((a, b) => share[b] - floor[b] - (share[a] - floor[a]) || a - b);
    for (const k of order) {
      if (left === 0) break;
      floor[k]++;
      left--;
    }
    // Apply caps: fix capped parts and redistribute what they cannot hold.
    let overflow = false;
    idx.forEach((i, k) => {
      const cap = caps ? caps[i] - parts[i] : Infinity;
      if (floor[k] > cap) {
        parts[i] += cap;
        remaining -= cap;
        open.delete(i);
        overflow = true;
      }
    });
    if (!overflow) {
      idx.forEach((i, k) => (parts[i] += floor[k]));
      return parts;
    }
    if (open.size === 0) throw new Error('allocate: caps too small for the total');
  }
}

// ---------------------------------------------------------------------------
// Rounding and rates
// ---------------------------------------------------------------------------

/** Round half up (away from zero) to one decimal, robust to binary noise. */
export function round1(x: number): number {
  const sign = x < 0 ? -1 : 1;
  return (sign * Math.floor(Math.abs(x) * 10 + 0.5 + 1e-9)) / 10;
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

export type Cell = string | number | null | undefined;

function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(file: string, header: string[], rows: Cell[][]): void {
  const lines = [header.join(','), ...rows.map((r) => r.map(csvField).join(','))];
  fs.writeFileSync(path.join(SEED_DIR, file), lines.join('\n') + '\n', 'utf8');
}

/** Parse a CSV file written by writeCsv (quoted fields allowed) into header-keyed records. */
export function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(SEED_DIR, file), 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export function readHeader(file: string): string {
  return fs.readFileSync(path.join(SEED_DIR, file), 'utf8').split('\n', 1)[0];
}
