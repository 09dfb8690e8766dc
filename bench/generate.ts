/**
 * Deterministic generator of synthetic data sets in the canonical CSV kinds of docs/domain.md, at
 * three scale factors:
 *
 * - `small`: the seed data set the server ships (data/seed), as it is.
 * - `force`: one force (Leicestershire: 2 BCUs x 5 LPUs) and its most similar group of 7 peer
 *   forces (facts at force level, as in the seed), 40 leaf categories, 10 years of months.
 * - `national`: England and Wales: a NATIONAL root, the 43 forces in 8 peer groups, about 100
 *   BCUs and 350 LPUs, 40 leaf categories, 10 years of months (millions of fact rows).
 *
 * Every series draws from its own PRNG (mulberry32 seeded from a hash of scale, area and
 * category), so the output does not depend on the order of generation and a rerun writes the
 * same bytes. Counts follow a yearly rate per 1,000 people per category, an area level, a
 * seasonal cosine, a slow drift, a yearly shock and Poisson noise; outcomes are drawn from the
 * recorded counts and split over the outcome types that apply to the category.
 *
 * `node dist/bench/generate.js --scale force --out bench/data/csv-force` writes the CSV files;
 * bench/load.ts streams the same rows straight into the database instead.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT, SEED_DIR } from '../src/config/paths';

/** Bump when the generated data changes: loaded databases carry it and are rebuilt on mismatch. */
export const GENERATOR_VERSION = 4;

export type ScaleName = 'small' | 'force' | 'national';
export const SCALES: ScaleName[] = ['small', 'force', 'national'];

export { PROJECT_ROOT };

// ---------------------------------------------------------------------------------------------
// PRNG and draws
// ---------------------------------------------------------------------------------------------

/** cyrb53-style 32-bit hash of a string, the seed of a series. */
export function hash32(s: string): number {
  let h1 = 0xdeadbeef ^ 0;
  let h2 = 0x41c6ce57 ^ 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}

export class Rng {
  private a: number;
  constructor(seed: number | string) {
    this.a = typeof seed === 'string' ? hash32(seed) : seed >>> 0;
  }
  /** Uniform in [0, 1): mulberry32. */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) | 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal() - (sigma * sigma) / 2);
  }
  /** Poisson draw: Knuth below 30, a rounded normal above (cheap, and fine for counts). */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }
  /** Binomial draw: Bernoulli trials below 40, a rounded, clamped normal above. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n < 40) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) k++;
      return k;
    }
    const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * this.normal());
    return Math.min(n, Math.max(0, k));
  }
}

// ---------------------------------------------------------------------------------------------
// Months
// ---------------------------------------------------------------------------------------------

/** Month index t (0 = April of the first year) to YYYYMM. */
export function monthAt(firstYear: number, t: number): number {
  const index = firstYear * 12 + 3 + t;
  return Math.floor(index / 12) * 100 + (index % 12) + 1;
}
export const formatMonth = (m: number) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}`;
export const fyLabel = (startYear: number) => `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// Categories: 40 leaves (36 under ALL_CRIME, and the cross-cutting roots)
// ---------------------------------------------------------------------------------------------

type TypeWeights = Partial<Record<OutcomeType, number>>;
export const OUTCOME_TYPES = [
  'CHARGE_SUMMONS',
  'CAUTION',
  'TIC',
  'PENALTY_NOTICE',
  'CANNABIS_WARNING',
  'COMMUNITY_RESOLUTION',
] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

interface CategoryDef {
  code: string;
  name: string;
  parent: string | null;
  kind: 'CRIME' | 'INCIDENT';
  /** Small counts withheld from anonymous callers below force level (as the seed marks them). */
  sensitive?: boolean;
  /** Leaves only: crimes per 1,000 people a year, seasonal amplitude and peak calendar month, outcome rate. */
  rate?: number;
  season?: [number, number];
  outcomeRate?: number;
  types?: TypeWeights;
  /** Months of recent crime still under investigation, for ALL_CRIME leaves. */
  investigation?: number;
}

const VIOLENT: TypeWeights = { CHARGE_SUMMONS: 0.55, CAUTION: 0.2, COMMUNITY_RESOLUTION: 0.25 };
const ACQUISITIVE: TypeWeights = { CHARGE_SUMMONS: 0.5, CAUTION: 0.1, TIC: 0.25, COMMUNITY_RESOLUTION: 0.15 };
const THEFT: TypeWeights = {
  CHARGE_SUMMONS: 0.5,
  CAUTION: 0.12,
  TIC: 0.08,
  PENALTY_NOTICE: 0.1,
  COMMUNITY_RESOLUTION: 0.2,
};
const DAMAGE: TypeWeights = { CHARGE_SUMMONS: 0.45, CAUTION: 0.15, PENALTY_NOTICE: 0.1, COMMUNITY_RESOLUTION: 0.3 };
const DRUGS: TypeWeights = {
  CHARGE_SUMMONS: 0.35,
  CAUTION: 0.15,
  PENALTY_NOTICE: 0.1,
  CANNABIS_WARNING: 0.3,
  COMMUNITY_RESOLUTION: 0.1,
};
const ORDER: TypeWeights = { CHARGE_SUMMONS: 0.45, CAUTION: 0.15, PENALTY_NOTICE: 0.25, COMMUNITY_RESOLUTION: 0.15 };
const SERIOUS: TypeWeights = { CHARGE_SUMMONS: 0.9, CAUTION: 0.1 };

const WINTER: [number, number] = [0.15, 12];
const SUMMER: [number, number] = [0.12, 7];
const FLAT: [number, number] = [0.04, 6];

export const CATEGORIES: CategoryDef[] = [
  { code: 'ALL_CRIME', name: 'All crime', parent: null, kind: 'CRIME' },
  { code: 'VIOLENCE_AGAINST_THE_PERSON', name: 'Violence against the person', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'HOMICIDE',
    name: 'Homicide',
    parent: 'VIOLENCE_AGAINST_THE_PERSON',
    kind: 'CRIME',
    rate: 0.012,
    season: FLAT,
    outcomeRate: 0.8,
    types: SERIOUS,
    investigation: 4,
  },
  {
    code: 'DEATH_OR_SERIOUS_INJURY_BY_DRIVING',
    name: 'Death or serious injury by unlawful driving',
    parent: 'VIOLENCE_AGAINST_THE_PERSON',
    kind: 'CRIME',
    rate: 0.012,
    season: FLAT,
    outcomeRate: 0.6,
    types: SERIOUS,
    investigation: 4,
  },
  {
    code: 'VIOLENCE_WITH_INJURY',
    name: 'Violence with injury',
    parent: 'VIOLENCE_AGAINST_THE_PERSON',
    kind: 'CRIME',
    rate: 8.5,
    season: SUMMER,
    outcomeRate: 0.45,
    types: VIOLENT,
    investigation: 1.5,
  },
  {
    code: 'VIOLENCE_WITHOUT_INJURY',
    name: 'Violence without injury',
    parent: 'VIOLENCE_AGAINST_THE_PERSON',
    kind: 'CRIME',
    rate: 10,
    season: SUMMER,
    outcomeRate: 0.3,
    types: VIOLENT,
    investigation: 1.2,
  },
  {
    code: 'STALKING_AND_HARASSMENT',
    name: 'Stalking and harassment',
    parent: 'VIOLENCE_AGAINST_THE_PERSON',
    kind: 'CRIME',
    rate: 7,
    season: FLAT,
    outcomeRate: 0.15,
    types: VIOLENT,
    investigation: 1.5,
  },
  { code: 'SEXUAL_OFFENCES', name: 'Sexual offences', parent: 'ALL_CRIME', kind: 'CRIME', sensitive: true },
  {
    code: 'RAPE',
    name: 'Rape',
    parent: 'SEXUAL_OFFENCES',
    kind: 'CRIME',
    rate: 0.9,
    season: SUMMER,
    outcomeRate: 0.06,
    types: SERIOUS,
    investigation: 4,
  },
  {
    code: 'OTHER_SEXUAL_OFFENCES',
    name: 'Other sexual offences',
    parent: 'SEXUAL_OFFENCES',
    kind: 'CRIME',
    rate: 1.6,
    season: SUMMER,
    outcomeRate: 0.12,
    types: SERIOUS,
    investigation: 3,
  },
  { code: 'ROBBERY', name: 'Robbery', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'ROBBERY_OF_BUSINESS_PROPERTY',
    name: 'Robbery of business property',
    parent: 'ROBBERY',
    kind: 'CRIME',
    rate: 0.15,
    season: WINTER,
    outcomeRate: 0.15,
    types: SERIOUS,
    investigation: 2,
  },
  {
    code: 'ROBBERY_OF_PERSONAL_PROPERTY',
    name: 'Robbery of personal property',
    parent: 'ROBBERY',
    kind: 'CRIME',
    rate: 1.0,
    season: WINTER,
    outcomeRate: 0.1,
    types: SERIOUS,
    investigation: 2,
  },
  { code: 'BURGLARY', name: 'Burglary', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'DOMESTIC_BURGLARY',
    name: 'Domestic burglary',
    parent: 'BURGLARY',
    kind: 'CRIME',
    rate: 4.2,
    season: WINTER,
    outcomeRate: 0.18,
    types: ACQUISITIVE,
    investigation: 1.5,
  },
  {
    code: 'BURGLARY_OTHER_THAN_DWELLING',
    name: 'Burglary other than dwelling',
    parent: 'BURGLARY',
    kind: 'CRIME',
    rate: 3.2,
    season: WINTER,
    outcomeRate: 0.08,
    types: ACQUISITIVE,
    investigation: 1,
  },
  { code: 'VEHICLE_CRIME', name: 'Vehicle crime', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'THEFT_OF_MOTOR_VEHICLE',
    name: 'Theft of motor vehicle',
    parent: 'VEHICLE_CRIME',
    kind: 'CRIME',
    rate: 1.5,
    season: WINTER,
    outcomeRate: 0.2,
    types: ACQUISITIVE,
    investigation: 1,
  },
  {
    code: 'THEFT_FROM_MOTOR_VEHICLE',
    name: 'Theft from motor vehicle',
    parent: 'VEHICLE_CRIME',
    kind: 'CRIME',
    rate: 4.0,
    season: WINTER,
    outcomeRate: 0.08,
    types: ACQUISITIVE,
    investigation: 0.8,
  },
  {
    code: 'VEHICLE_INTERFERENCE',
    name: 'Vehicle interference',
    parent: 'VEHICLE_CRIME',
    kind: 'CRIME',
    rate: 0.6,
    season: WINTER,
    outcomeRate: 0.05,
    types: ACQUISITIVE,
    investigation: 0.5,
  },
  {
    code: 'THEFT_FROM_THE_PERSON',
    name: 'Theft from the person',
    parent: 'ALL_CRIME',
    kind: 'CRIME',
    rate: 1.6,
    season: WINTER,
    outcomeRate: 0.05,
    types: THEFT,
    investigation: 0.6,
  },
  {
    code: 'BICYCLE_THEFT',
    name: 'Bicycle theft',
    parent: 'ALL_CRIME',
    kind: 'CRIME',
    rate: 1.5,
    season: SUMMER,
    outcomeRate: 0.04,
    types: THEFT,
    investigation: 0.5,
  },
  {
    code: 'SHOPLIFTING',
    name: 'Shoplifting',
    parent: 'ALL_CRIME',
    kind: 'CRIME',
    rate: 5.5,
    season: [0.1, 12],
    outcomeRate: 0.35,
    types: THEFT,
    investigation: 0.5,
  },
  { code: 'OTHER_THEFT', name: 'Other theft', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'OTHER_THEFT_OFFENCES',
    name: 'Other theft offences',
    parent: 'OTHER_THEFT',
    kind: 'CRIME',
    rate: 6.5,
    season: SUMMER,
    outcomeRate: 0.07,
    types: THEFT,
    investigation: 0.7,
  },
  {
    code: 'MAKING_OFF_WITHOUT_PAYMENT',
    name: 'Making off without payment',
    parent: 'OTHER_THEFT',
    kind: 'CRIME',
    rate: 0.8,
    season: FLAT,
    outcomeRate: 0.1,
    types: THEFT,
    investigation: 0.5,
  },
  {
    code: 'THEFT_BY_EMPLOYEE',
    name: 'Theft by an employee',
    parent: 'OTHER_THEFT',
    kind: 'CRIME',
    rate: 0.2,
    season: FLAT,
    outcomeRate: 0.3,
    types: THEFT,
    investigation: 2,
  },
  { code: 'CRIMINAL_DAMAGE_AND_ARSON', name: 'Criminal damage and arson', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'ARSON',
    name: 'Arson',
    parent: 'CRIMINAL_DAMAGE_AND_ARSON',
    kind: 'CRIME',
    rate: 0.4,
    season: [0.2, 11],
    outcomeRate: 0.08,
    types: DAMAGE,
    investigation: 1,
  },
  {
    code: 'CRIMINAL_DAMAGE_TO_A_DWELLING',
    name: 'Criminal damage to a dwelling',
    parent: 'CRIMINAL_DAMAGE_AND_ARSON',
    kind: 'CRIME',
    rate: 2.0,
    season: [0.15, 11],
    outcomeRate: 0.1,
    types: DAMAGE,
    investigation: 0.6,
  },
  {
    code: 'CRIMINAL_DAMAGE_TO_OTHER_BUILDING',
    name: 'Criminal damage to other building',
    parent: 'CRIMINAL_DAMAGE_AND_ARSON',
    kind: 'CRIME',
    rate: 1.0,
    season: [0.15, 11],
    outcomeRate: 0.1,
    types: DAMAGE,
    investigation: 0.6,
  },
  {
    code: 'CRIMINAL_DAMAGE_TO_A_VEHICLE',
    name: 'Criminal damage to a vehicle',
    parent: 'CRIMINAL_DAMAGE_AND_ARSON',
    kind: 'CRIME',
    rate: 3.0,
    season: [0.15, 11],
    outcomeRate: 0.05,
    types: DAMAGE,
    investigation: 0.5,
  },
  {
    code: 'OTHER_CRIMINAL_DAMAGE',
    name: 'Other criminal damage',
    parent: 'CRIMINAL_DAMAGE_AND_ARSON',
    kind: 'CRIME',
    rate: 3.0,
    season: [0.15, 11],
    outcomeRate: 0.1,
    types: DAMAGE,
    investigation: 0.5,
  },
  { code: 'DRUG_OFFENCES', name: 'Drug offences', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'TRAFFICKING_OF_DRUGS',
    name: 'Trafficking of drugs',
    parent: 'DRUG_OFFENCES',
    kind: 'CRIME',
    rate: 0.5,
    season: FLAT,
    outcomeRate: 0.6,
    types: SERIOUS,
    investigation: 3,
  },
  {
    code: 'POSSESSION_OF_DRUGS',
    name: 'Possession of drugs',
    parent: 'DRUG_OFFENCES',
    kind: 'CRIME',
    rate: 2.5,
    season: FLAT,
    outcomeRate: 0.8,
    types: DRUGS,
    investigation: 0.8,
  },
  { code: 'POSSESSION_OF_WEAPONS', name: 'Possession of weapons', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'POSSESSION_OF_FIREARMS',
    name: 'Possession of firearms',
    parent: 'POSSESSION_OF_WEAPONS',
    kind: 'CRIME',
    rate: 0.08,
    season: FLAT,
    outcomeRate: 0.5,
    types: SERIOUS,
    investigation: 3,
  },
  {
    code: 'POSSESSION_OF_OTHER_WEAPONS',
    name: 'Possession of other weapons',
    parent: 'POSSESSION_OF_WEAPONS',
    kind: 'CRIME',
    rate: 0.8,
    season: SUMMER,
    outcomeRate: 0.6,
    types: VIOLENT,
    investigation: 1.5,
  },
  { code: 'PUBLIC_ORDER_OFFENCES', name: 'Public order offences', parent: 'ALL_CRIME', kind: 'CRIME' },
  {
    code: 'PUBLIC_FEAR_ALARM_OR_DISTRESS',
    name: 'Public fear, alarm or distress',
    parent: 'PUBLIC_ORDER_OFFENCES',
    kind: 'CRIME',
    rate: 4.5,
    season: SUMMER,
    outcomeRate: 0.15,
    types: ORDER,
    investigation: 0.8,
  },
  {
    code: 'AGGRAVATED_PUBLIC_FEAR',
    name: 'Racially or religiously aggravated public fear',
    parent: 'PUBLIC_ORDER_OFFENCES',
    kind: 'CRIME',
    rate: 0.6,
    season: SUMMER,
    outcomeRate: 0.2,
    types: ORDER,
    investigation: 1.5,
  },
  {
    code: 'OTHER_PUBLIC_ORDER',
    name: 'Other offences against the state or public order',
    parent: 'PUBLIC_ORDER_OFFENCES',
    kind: 'CRIME',
    rate: 0.8,
    season: SUMMER,
    outcomeRate: 0.3,
    types: ORDER,
    investigation: 1,
  },
  {
    code: 'MISC_CRIMES_AGAINST_SOCIETY',
    name: 'Miscellaneous crimes against society',
    parent: 'ALL_CRIME',
    kind: 'CRIME',
  },
  {
    code: 'PERVERTING_THE_COURSE_OF_JUSTICE',
    name: 'Perverting the course of justice',
    parent: 'MISC_CRIMES_AGAINST_SOCIETY',
    kind: 'CRIME',
    rate: 0.15,
    season: FLAT,
    outcomeRate: 0.5,
    types: SERIOUS,
    investigation: 3,
  },
  {
    code: 'OBSCENE_PUBLICATIONS',
    name: 'Obscene publications',
    parent: 'MISC_CRIMES_AGAINST_SOCIETY',
    kind: 'CRIME',
    rate: 0.3,
    season: FLAT,
    outcomeRate: 0.3,
    types: SERIOUS,
    investigation: 4,
  },
  {
    code: 'OTHER_MISC_CRIMES',
    name: 'Other miscellaneous crimes',
    parent: 'MISC_CRIMES_AGAINST_SOCIETY',
    kind: 'CRIME',
    rate: 0.6,
    season: FLAT,
    outcomeRate: 0.3,
    types: ORDER,
    investigation: 1.5,
  },
  {
    code: 'FRAUD_AND_FORGERY',
    name: 'Fraud and forgery',
    parent: 'MISC_CRIMES_AGAINST_SOCIETY',
    kind: 'CRIME',
    rate: 0.5,
    season: FLAT,
    outcomeRate: 0.2,
    types: THEFT,
    investigation: 3,
  },
  {
    code: 'DOMESTIC_VIOLENCE',
    name: 'Domestic violence',
    parent: null,
    kind: 'CRIME',
    sensitive: true,
    rate: 14,
    season: [0.08, 7],
    outcomeRate: 0.45,
    types: VIOLENT,
  },
  {
    code: 'HATE_CRIME',
    name: 'Hate crime',
    parent: null,
    kind: 'CRIME',
    sensitive: true,
    rate: 1.8,
    season: SUMMER,
    outcomeRate: 0.45,
    types: ORDER,
  },
  {
    code: 'KNIFE_CRIME',
    name: 'Knife crime',
    parent: null,
    kind: 'CRIME',
    rate: 0.8,
    season: SUMMER,
    outcomeRate: 0.4,
    types: VIOLENT,
  },
  {
    code: 'ANTI_SOCIAL_BEHAVIOUR',
    name: 'Anti-social behaviour',
    parent: null,
    kind: 'INCIDENT',
    rate: 30,
    season: [0.2, 7],
  },
];
export const LEAF_CATEGORIES = CATEGORIES.filter((c) => c.rate !== undefined);

// ---------------------------------------------------------------------------------------------
// Geography
// ---------------------------------------------------------------------------------------------

/** The 43 forces of England and Wales with a population (thousands, 2014, rounded) and a crime level. */
const FORCE_LIST: [string, string, number, number][] = [
  ['AVON_AND_SOMERSET', 'Avon and Somerset Constabulary', 1660, 1.0],
  ['BEDFORDSHIRE', 'Bedfordshire Police', 640, 1.05],
  ['CAMBRIDGESHIRE', 'Cambridgeshire Constabulary', 820, 0.95],
  ['CHESHIRE', 'Cheshire Constabulary', 1040, 0.9],
  ['CITY_OF_LONDON', 'City of London Police', 60, 1.6],
  ['CLEVELAND', 'Cleveland Police', 560, 1.35],
  ['CUMBRIA', 'Cumbria Constabulary', 500, 0.8],
  ['DERBYSHIRE', 'Derbyshire Constabulary', 1030, 0.85],
  ['DEVON_AND_CORNWALL', 'Devon and Cornwall Police', 1700, 0.75],
  ['DORSET', 'Dorset Police', 760, 0.8],
  ['DURHAM', 'Durham Constabulary', 630, 1.05],
  ['DYFED_POWYS', 'Dyfed-Powys Police', 515, 0.65],
  ['ESSEX', 'Essex Police', 1760, 0.95],
  ['GLOUCESTERSHIRE', 'Gloucestershire Constabulary', 610, 0.85],
  ['GREATER_MANCHESTER', 'Greater Manchester Police', 2730, 1.3],
  ['GWENT', 'Gwent Police', 580, 1.0],
  ['HAMPSHIRE', 'Hampshire Constabulary', 1950, 0.95],
  ['HERTFORDSHIRE', 'Hertfordshire Constabulary', 1140, 0.85],
  ['HUMBERSIDE', 'Humberside Police', 930, 1.15],
  ['KENT', 'Kent Police', 1780, 1.05],
  ['LANCASHIRE', 'Lancashire Constabulary', 1480, 1.1],
  ['LEICESTERSHIRE', 'Leicestershire Police', 1030, 1.0],
  ['LINCOLNSHIRE', 'Lincolnshire Police', 730, 0.85],
  ['MERSEYSIDE', 'Merseyside Police', 1390, 1.15],
  ['METROPOLITAN', 'Metropolitan Police Service', 8540, 1.25],
  ['NORFOLK', 'Norfolk Constabulary', 880, 0.8],
  ['NORTH_WALES', 'North Wales Police', 690, 0.85],
  ['NORTH_YORKSHIRE', 'North Yorkshire Police', 800, 0.7],
  ['NORTHAMPTONSHIRE', 'Northamptonshire Police', 710, 1.05],
  ['NORTHUMBRIA', 'Northumbria Police', 1460, 1.05],
  ['NOTTINGHAMSHIRE', 'Nottinghamshire Police', 1110, 1.1],
  ['SOUTH_WALES', 'South Wales Police', 1270, 1.1],
  ['SOUTH_YORKSHIRE', 'South Yorkshire Police', 1370, 1.2],
  ['STAFFORDSHIRE', 'Staffordshire Police', 1110, 0.9],
  ['SUFFOLK', 'Suffolk Constabulary', 740, 0.8],
  ['SURREY', 'Surrey Police', 1160, 0.75],
  ['SUSSEX', 'Sussex Police', 1650, 0.9],
  ['THAMES_VALLEY', 'Thames Valley Police', 2320, 0.9],
  ['WARWICKSHIRE', 'Warwickshire Police', 550, 0.9],
  ['WEST_MERCIA', 'West Mercia Police', 1240, 0.85],
  ['WEST_MIDLANDS', 'West Midlands Police', 2830, 1.25],
  ['WEST_YORKSHIRE', 'West Yorkshire Police', 2260, 1.3],
  ['WILTSHIRE', 'Wiltshire Police', 700, 0.8],
];
/** Leicestershire's most similar group in the seed, reused at the force scale. */
const LEICESTERSHIRE_MSG = [
  'LEICESTERSHIRE',
  'AVON_AND_SOMERSET',
  'DERBYSHIRE',
  'ESSEX',
  'HAMPSHIRE',
  'KENT',
  'NOTTINGHAMSHIRE',
  'STAFFORDSHIRE',
];

export interface AreaNode {
  code: string;
  name: string;
  level: 'NATIONAL' | 'FORCE' | 'BCU' | 'LPU';
  parent: string | null;
  /** Population by calendar year, for areas that carry their own figure. */
  population: Map<number, number> | null;
  /** Crime level relative to the national rate per person. */
  level_factor: number;
  /** Facts are generated for this area (a leaf of the geography). */
  hasFacts: boolean;
  /** Satisfaction responses are generated for this area. */
  hasSatisfaction: boolean;
}

export interface OperationParams {
  /** The force of the dashboard and scorecard, and one of its LPUs for the single figure. */
  force: string;
  lpu: string;
  plan: string;
  financialYear: string;
  asOf: string;
  /** Category of the single figure and of the league table. */
  category: string;
}

export interface Dimensions {
  areas: string;
  categories: string;
  peer_groups: string;
  plans: string;
  objectives: string;
}

/** Column blocks of fact rows; areas and categories as codes. */
export interface CrimeBlock {
  area: string[];
  category: string[];
  month: number[];
  value: number[];
}
export interface OutcomeBlock extends CrimeBlock {
  outcomeType: string[];
}
export interface SatisfactionBlock {
  area: string[];
  survey: string[];
  aspect: string[];
  month: number[];
  respondents: number[];
  satisfied: number[];
}
export interface FactBlocks {
  crimes: CrimeBlock;
  outcomes: OutcomeBlock;
  investigations: CrimeBlock;
  satisfaction: SatisfactionBlock;
}

export interface Dataset {
  scale: ScaleName;
  description: string;
  params: OperationParams;
  dimensions: Dimensions;
  /** Fact rows, one block per leaf area (and per satisfaction area); null for `small` (read data/seed). */
  facts: (() => Generator<FactBlocks>) | null;
}

const SURVEYS = ['ALL_USERS', 'BURGLARY', 'VEHICLE', 'VIOLENT', 'RACIST_INCIDENT', 'ASB'] as const;
const ASPECTS = ['EASE_OF_CONTACT', 'ACTIONS', 'FOLLOW_UP', 'TREATMENT', 'WHOLE_EXPERIENCE'] as const;

/** Financial years covered: 2014-15 .. 2023-24, months 2014-04 .. 2024-03. */
const FIRST_YEAR = 2014;
const YEARS = 10;
const MONTHS = YEARS * 12;
/** Investigation snapshots are kept for the last 24 months. */
const INVESTIGATION_MONTHS = 24;

const SYNTHETIC_PARAMS = (force: string): OperationParams => ({
  force,
  lpu: `${force}_LPU_01`,
  plan: `${force}-2023-24`,
  financialYear: '2023-24',
  asOf: '2023-11',
  category: 'DOMESTIC_BURGLARY',
});

function csv(header: string, rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${header}\n${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

/** Populations by calendar year from a 2014 base, with a yearly growth rate. */
function grow(base: number, growth: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let y = FIRST_YEAR; y <= FIRST_YEAR + YEARS; y++)
    m.set(y, Math.round(base * Math.pow(1 + growth, y - FIRST_YEAR)));
  return m;
}

/** LPUs of a force: populations split by random weights, grouped into BCUs of about four. */
function buildForce(
  scale: ScaleName,
  code: string,
  name: string,
  popThousands: number,
  level: number,
  lpuCount: number,
  bcuCount: number,
  parent: string | null,
): AreaNode[] {
  const rng = new Rng(`${scale}|force|${code}`);
  const weights = Array.from({ length: lpuCount }, () => rng.uniform(0.6, 1.4));
  const total = weights.reduce((a, b) => a + b, 0);
  const lpus: AreaNode[] = weights.map((w, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      code: `${code}_LPU_${n}`,
      name: `${name.replace(/ (Police|Constabulary|Police Service)$/, '')} LPU ${n}`,
      level: 'LPU',
      parent: null,
      population: grow((popThousands * 1000 * w) / total, rng.uniform(0.002, 0.01)),
      level_factor: level * rng.logNormal(0.3),
      hasFacts: true,
      hasSatisfaction: false,
    };
  });
  const bcus: AreaNode[] = Array.from({ length: bcuCount }, (_, b) => ({
    code: `${code}_BCU_${b + 1}`,
    name: `${name.replace(/ (Police|Constabulary|Police Service)$/, '')} BCU ${b + 1}`,
    level: 'BCU',
    parent: code,
    population: null,
    level_factor: level,
    hasFacts: false,
    hasSatisfaction: true,
  }));
  lpus.forEach((l, i) => (l.parent = bcus[Math.floor((i * bcuCount) / lpuCount)].code));
  // The force carries its own population: the sum of its LPUs', year by year.
  const population = new Map<number, number>();
  for (const l of lpus) for (const [y, p] of l.population!) population.set(y, (population.get(y) ?? 0) + p);
  const force: AreaNode = {
    code,
    name,
    level: 'FORCE',
    parent,
    population,
    level_factor: level,
    hasFacts: false,
    hasSatisfaction: false,
  };
  return [force, ...bcus, ...lpus];
}

function nationalAreas(): { areas: AreaNode[]; groups: Map<string, string[]> } {
  const areas: AreaNode[] = [
    {
      code: 'ENGLAND_AND_WALES',
      name: 'England and Wales',
      level: 'NATIONAL',
      parent: null,
      population: null,
      level_factor: 1,
      hasFacts: false,
      hasSatisfaction: false,
    },
  ];
  for (const [code, name, pop, level] of FORCE_LIST) {
    // About 150,000 people an LPU; the Met's 32 boroughs in 12 BCUs; the City of London one of each.
    const lpus =
      code === 'METROPOLITAN' ? 32 : code === 'CITY_OF_LONDON' ? 1 : Math.min(16, Math.max(3, Math.round(pop / 150)));
    const bcus = code === 'METROPOLITAN' ? 12 : Math.max(1, Math.ceil(lpus / 4));
    areas.push(...buildForce('national', code, name, pop, level, lpus, bcus, 'ENGLAND_AND_WALES'));
  }
  // Eight peer groups of forces alike in size: contiguous runs of the forces ordered by population.
  const ordered = [...FORCE_LIST].sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
  const sizes = [5, 5, 5, 6, 5, 6, 5, 6];
  const groups = new Map<string, string[]>();
  let at = 0;
  sizes.forEach((size, g) => {
    groups.set(
      `MSG_${g + 1}`,
      ordered.slice(at, at + size).map((f) => f[0]),
    );
    at += size;
  });
  return { areas, groups };
}

function forceAreas(): { areas: AreaNode[]; groups: Map<string, string[]> } {
  const areas: AreaNode[] = [];
  for (const code of LEICESTERSHIRE_MSG) {
    const [, name, pop, level] = FORCE_LIST.find((f) => f[0] === code)!;
    if (code === 'LEICESTERSHIRE') areas.push(...buildForce('force', code, name, pop, level, 10, 2, null));
    else {
      // Peers: facts at force level only, as in the seed.
      const rng = new Rng(`force|peer|${code}`);
      areas.push({
        code,
        name,
        level: 'FORCE',
        parent: null,
        population: grow(pop * 1000, rng.uniform(0.004, 0.008)),
        level_factor: level,
        hasFacts: true,
        hasSatisfaction: false,
      });
    }
  }
  return { areas, groups: new Map([['LEICESTERSHIRE_MSG', LEICESTERSHIRE_MSG]]) };
}

// ---------------------------------------------------------------------------------------------
// Plans and objectives: one plan per force per financial year
// ---------------------------------------------------------------------------------------------

const OBJECTIVES: [string, string | null, string | null, number, string][] = [
  ['RECORDED_CRIME', 'ALL_CRIME', null, 5, 'MEDIUM'],
  ['RECORDED_CRIME', 'DOMESTIC_BURGLARY', null, 13, 'HIGH'],
  ['OUTCOME_RATE', 'DOMESTIC_BURGLARY', null, 20, 'HIGH'],
  ['RECORDED_CRIME', 'THEFT_OF_MOTOR_VEHICLE', null, 10, 'MEDIUM'],
  ['OUTCOME_RATE', 'THEFT_OF_MOTOR_VEHICLE', null, 20, 'MEDIUM'],
  ['RECORDED_CRIME', 'THEFT_FROM_MOTOR_VEHICLE', null, 8, 'MEDIUM'],
  ['OUTCOME_RATE', 'THEFT_FROM_MOTOR_VEHICLE', null, 8, 'MEDIUM'],
  ['RECORDED_CRIME', 'VIOLENCE_WITH_INJURY', null, 2, 'HIGH'],
  ['OUTCOME_RATE', 'VIOLENCE_WITH_INJURY', null, 45, 'HIGH'],
  ['OUTCOME_RATE', 'DOMESTIC_VIOLENCE', null, 45, 'HIGH'],
  ['OUTCOME_RATE', 'HATE_CRIME', null, 50, 'HIGH'],
  ['SATISFACTION', null, 'ALL_USERS', 85, 'MEDIUM'],
  ['SATISFACTION', null, 'BURGLARY', 90, 'HIGH'],
  ['SATISFACTION', null, 'VEHICLE', 85, 'MEDIUM'],
  ['SATISFACTION', null, 'VIOLENT', 82, 'HIGH'],
  ['SATISFACTION', null, 'RACIST_INCIDENT', 85, 'HIGH'],
  ['SATISFACTION', null, 'ASB', 80, 'MEDIUM'],
];

function plansAndObjectives(scale: ScaleName, areas: AreaNode[]): { plans: string; objectives: string } {
  const plans: (string | number)[][] = [];
  const objectives: (string | number | null)[][] = [];
  const forces = areas.filter((a) => a.level === 'FORCE');
  for (const force of forces) {
    const firstBcu = areas.find((a) => a.parent === force.code && a.level === 'BCU');
    for (let y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) {
      const fy = fyLabel(y);
      const code = `${force.code}-${fy}`;
      plans.push([code, `Police and Crime Plan ${fy}: ${force.name}`, fy]);
      const rng = new Rng(`${scale}|plan|${code}`);
      for (const [measure, category, survey, target, harm] of OBJECTIVES) {
        const t =
          measure === 'RECORDED_CRIME'
            ? target + Math.round(rng.uniform(-2, 2))
            : target + Math.round(rng.uniform(-3, 3));
        objectives.push([code, force.code, measure, category, survey, t, harm]);
      }
      // A BCU with its own target, so the cascade has something to override.
      if (firstBcu) objectives.push([code, firstBcu.code, 'RECORDED_CRIME', 'DOMESTIC_BURGLARY', null, 15, 'HIGH']);
    }
  }
  return {
    plans: csv('code,name,financial_year', plans),
    objectives: csv('plan,area_code,measure,category_code,survey,target,harm', objectives),
  };
}

// ---------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------

function emptyBlocks(): FactBlocks {
  return {
    crimes: { area: [], category: [], month: [], value: [] },
    outcomes: { area: [], category: [], month: [], value: [], outcomeType: [] },
    investigations: { area: [], category: [], month: [], value: [] },
    satisfaction: { area: [], survey: [], aspect: [], month: [], respondents: [], satisfied: [] },
  };
}

const UNDER_ALL_CRIME = (() => {
  const parent = new Map(CATEGORIES.map((c) => [c.code, c.parent]));
  const set = new Set<string>();
  for (const c of LEAF_CATEGORIES) {
    let p: string | null | undefined = c.code;
    while (p) {
      if (p === 'ALL_CRIME') set.add(c.code);
      p = parent.get(p);
    }
  }
  return set;
})();

function* generateFacts(scale: ScaleName, areas: AreaNode[]): Generator<FactBlocks> {
  const months = Array.from({ length: MONTHS }, (_, t) => monthAt(FIRST_YEAR, t));
  for (const area of areas) {
    if (!area.hasFacts) continue;
    const blocks = emptyBlocks();
    for (const cat of LEAF_CATEGORIES) {
      const rng = new Rng(`${scale}|${area.code}|${cat.code}`);
      const [amp, peak] = cat.season!;
      const local = rng.logNormal(0.15);
      const drift = -0.01 + 0.04 * rng.normal();
      const shocks = Array.from({ length: YEARS + 1 }, () => 1 + 0.05 * rng.normal());
      const outcomeLevel = (cat.outcomeRate ?? 0) * rng.logNormal(0.15);
      const outcomeDrift = -0.03 + 0.02 * rng.normal();
      const types = Object.entries(cat.types ?? {}) as [OutcomeType, number][];
      const investigated = cat.investigation !== undefined && UNDER_ALL_CRIME.has(cat.code);
      for (let t = 0; t < MONTHS; t++) {
        const month = months[t];
        const year = Math.floor(month / 100);
        const calendarMonth = month % 100;
        const perMonth = ((area.population!.get(year) ?? 0) / 1000) * (cat.rate! / 12);
        const season = 1 + amp * Math.cos((2 * Math.PI * (calendarMonth - peak)) / 12);
        const mean =
          perMonth * area.level_factor * local * season * Math.exp((drift * t) / 12) * shocks[Math.floor(t / 12)];
        const recorded = rng.poisson(mean);
        blocks.crimes.area.push(area.code);
        blocks.crimes.category.push(cat.code);
        blocks.crimes.month.push(month);
        blocks.crimes.value.push(recorded);
        if (recorded > 0 && types.length) {
          const rate = Math.min(0.95, outcomeLevel * Math.exp((outcomeDrift * t) / 12));
          let remaining = rng.binomial(recorded, rate);
          let weightLeft = types.reduce((s, [, w]) => s + w, 0);
          for (const [type, w] of types) {
            if (remaining <= 0) break;
            const n = weightLeft - w <= 1e-9 ? remaining : rng.binomial(remaining, w / weightLeft);
            weightLeft -= w;
            remaining -= n;
            if (n > 0) {
              blocks.outcomes.area.push(area.code);
              blocks.outcomes.category.push(cat.code);
              blocks.outcomes.month.push(month);
              blocks.outcomes.value.push(n);
              blocks.outcomes.outcomeType.push(type);
            }
          }
        }
        if (investigated && t >= MONTHS - INVESTIGATION_MONTHS) {
          blocks.investigations.area.push(area.code);
          blocks.investigations.category.push(cat.code);
          blocks.investigations.month.push(month);
          blocks.investigations.value.push(rng.poisson(recorded * cat.investigation!));
        }
      }
    }
    yield blocks;
  }
  // Satisfaction: every BCU (as in the seed), each survey's respondents shared by its five aspects.
  const base: Record<string, number> = {
    EASE_OF_CONTACT: 0.95,
    ACTIONS: 0.82,
    FOLLOW_UP: 0.77,
    TREATMENT: 0.92,
    WHOLE_EXPERIENCE: 0.84,
  };
  const surveyShift: Record<string, number> = {
    ALL_USERS: 0,
    BURGLARY: 0.05,
    VEHICLE: 0.02,
    VIOLENT: -0.05,
    RACIST_INCIDENT: -0.03,
    ASB: -0.06,
  };
  const population = (code: string) => {
    let total = 0;
    for (const a of areas) if (a.parent === code && a.population) total += a.population.get(FIRST_YEAR) ?? 0;
    return total;
  };
  for (const area of areas) {
    if (!area.hasSatisfaction) continue;
    const blocks = emptyBlocks();
    const people = population(area.code);
    for (const survey of SURVEYS) {
      const rng = new Rng(`${scale}|${area.code}|${survey}`);
      const level = rng.uniform(-0.03, 0.03);
      for (let t = 0; t < MONTHS; t++) {
        const month = months[t];
        const respondents = rng.poisson((people / 1000) * (survey === 'ALL_USERS' ? 0.12 : 0.03));
        for (const aspect of ASPECTS) {
          const p = Math.min(0.99, Math.max(0.3, base[aspect] + surveyShift[survey] + level + 0.02 * rng.normal()));
          blocks.satisfaction.area.push(area.code);
          blocks.satisfaction.survey.push(survey);
          blocks.satisfaction.aspect.push(aspect);
          blocks.satisfaction.month.push(month);
          blocks.satisfaction.respondents.push(respondents);
          blocks.satisfaction.satisfied.push(rng.binomial(respondents, p));
        }
      }
    }
    yield blocks;
  }
}

// ---------------------------------------------------------------------------------------------
// Data sets
// ---------------------------------------------------------------------------------------------

function dimensionsOf(scale: ScaleName, areas: AreaNode[], groups: Map<string, string[]>): Dimensions {
  const areaRows: (string | number | null)[][] = [];
  for (const a of areas) {
    if (a.population) for (const [year, p] of a.population) areaRows.push([a.code, a.name, a.level, a.parent, p, year]);
    else areaRows.push([a.code, a.name, a.level, a.parent, null, null]);
  }
  const peerRows: string[][] = [];
  for (const [g, members] of groups) for (const m of members) peerRows.push([g, m]);
  return {
    areas: csv('code,name,level,parent_code,population,population_year', areaRows),
    categories: csv(
      'code,name,parent_code,kind,sensitive',
      CATEGORIES.map((c) => [c.code, c.name, c.parent, c.kind, c.sensitive ? 'true' : 'false']),
    ),
    peer_groups: csv('group_code,area_code', peerRows),
    ...plansAndObjectives(scale, areas),
  };
}

/**
 * What a loaded store must match to be reused: the generator version and a hash of the
 * dimension files (and, for the small scale, of every seed file, which others may edit).
 */
export function fingerprint(scale: ScaleName): string {
  const hash = createHash('sha1');
  hash.update(`v${GENERATOR_VERSION}|${scale}`);
  const ds = dataset(scale);
  const files: Record<keyof Dimensions, string> = ds.dimensions;
  for (const text of Object.values(files)) hash.update(text);
  if (scale === 'small')
    for (const f of readdirSync(SEED_DIR)
      .filter((f) => f.endsWith('.csv'))
      .sort())
      hash.update(readFileSync(join(SEED_DIR, f)));
  return hash.digest('hex').slice(0, 16);
}

export function dataset(scale: ScaleName): Dataset {
  if (scale === 'small') {
    const read = (kind: string) => readFileSync(join(SEED_DIR, `${kind}.csv`), 'utf8');
    return {
      scale,
      description: 'the seed: Leicestershire (2 BCUs, 12 LPUs) and 7 peer forces, 26 categories, 2011-04..2013-11',
      params: {
        force: 'LEICESTERSHIRE',
        lpu: 'BLABY',
        plan: 'LEICESTERSHIRE-2013-14',
        financialYear: '2013-14',
        asOf: '2013-11',
        category: 'DOMESTIC_BURGLARY',
      },
      dimensions: {
        areas: read('areas'),
        categories: read('categories'),
        peer_groups: read('peer_groups'),
        plans: read('plans'),
        objectives: read('objectives'),
      },
      facts: null,
    };
  }
  const { areas, groups } = scale === 'force' ? forceAreas() : nationalAreas();
  const lpus = areas.filter((a) => a.level === 'LPU').length;
  const bcus = areas.filter((a) => a.level === 'BCU').length;
  const forces = areas.filter((a) => a.level === 'FORCE').length;
  return {
    scale,
    description:
      scale === 'force'
        ? `Leicestershire (${bcus} BCUs, ${lpus} LPUs) and 7 peer forces at force level, ` +
          `${LEAF_CATEGORIES.length} leaf categories, ${MONTHS} months 2014-04..2024-03`
        : `England and Wales: ${forces} forces in ${groups.size} peer groups, ${bcus} BCUs, ${lpus} LPUs, ` +
          `${LEAF_CATEGORIES.length} leaf categories, ${MONTHS} months 2014-04..2024-03`,
    params: SYNTHETIC_PARAMS('LEICESTERSHIRE'),
    dimensions: dimensionsOf(scale, areas, groups),
    facts: () => generateFacts(scale, areas),
  };
}

// ---------------------------------------------------------------------------------------------
// CLI: write the CSV files of a scale to a folder
// ---------------------------------------------------------------------------------------------

export async function writeCsvFolder(scale: ScaleName, dir: string): Promise<Record<string, number>> {
  mkdirSync(dir, { recursive: true });
  const ds = dataset(scale);
  const counts: Record<string, number> = {};
  const files: Record<keyof Dimensions, string> = ds.dimensions;
  for (const [kind, text] of Object.entries(files)) {
    writeFileSync(join(dir, `${kind}.csv`), text);
    counts[kind] = text.split('\n').length - 2;
  }
  if (!ds.facts) {
    for (const kind of ['crimes', 'outcomes', 'investigations', 'satisfaction']) {
      const text = readFileSync(join(SEED_DIR, `${kind}.csv`), 'utf8');
      writeFileSync(join(dir, `${kind}.csv`), text);
      counts[kind] = text.split('\n').length - 2;
    }
    return counts;
  }
  const open = (kind: string, header: string) => {
    const s = createWriteStream(join(dir, `${kind}.csv`));
    s.write(`${header}\n`);
    counts[kind] = 0;
    return s;
  };
  const out = {
    crimes: open('crimes', 'month,area_code,category_code,recorded'),
    outcomes: open('outcomes', 'month,area_code,category_code,outcome_type,count'),
    investigations: open('investigations', 'as_of,area_code,category_code,count'),
    satisfaction: open('satisfaction', 'month,area_code,survey,aspect,respondents,satisfied'),
  };
  const write = async (stream: ReturnType<typeof createWriteStream>, lines: string[]) => {
    if (!lines.length) return;
    if (!stream.write(lines.join('\n') + '\n')) await new Promise<void>((r) => stream.once('drain', () => r()));
  };
  for (const b of ds.facts()) {
    await write(
      out.crimes,
      b.crimes.month.map(
        (m, i) => `${formatMonth(m)},${b.crimes.area[i]},${b.crimes.category[i]},${b.crimes.value[i]}`,
      ),
    );
    await write(
      out.outcomes,
      b.outcomes.month.map(
        (m, i) =>
          `${formatMonth(m)},${b.outcomes.area[i]},${b.outcomes.category[i]},` +
          `${b.outcomes.outcomeType[i]},${b.outcomes.value[i]}`,
      ),
    );
    await write(
      out.investigations,
      b.investigations.month.map(
        (m, i) =>
          `${formatMonth(m)},${b.investigations.area[i]},${b.investigations.category[i]},${b.investigations.value[i]}`,
      ),
    );
    await write(
      out.satisfaction,
      b.satisfaction.month.map(
        (m, i) =>
          `${formatMonth(m)},${b.satisfaction.area[i]},${b.satisfaction.survey[i]},${b.satisfaction.aspect[i]},` +
          `${b.satisfaction.respondents[i]},${b.satisfaction.satisfied[i]}`,
      ),
    );
    counts.crimes += b.crimes.month.length;
    counts.outcomes += b.outcomes.month.length;
    counts.investigations += b.investigations.month.length;
    counts.satisfaction += b.satisfaction.month.length;
  }
  await Promise.all(Object.values(out).map((s) => new Promise<void>((r) => s.end(() => r()))));
  return counts;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const scale = (arg('scale') ?? 'force') as ScaleName;
  if (!SCALES.includes(scale)) throw new Error(`--scale must be one of ${SCALES.join(', ')}`);
  const dir = resolve(arg('out') ?? join(PROJECT_ROOT, 'bench', 'data', `csv-${scale}`));
  const started = Date.now();
  // A failure rejects unhandled, which prints it and exits 1.
  void writeCsvFolder(scale, dir).then((counts) => {
    console.log(`${scale}: wrote ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const [k, n] of Object.entries(counts)) console.log(`  ${k}: ${n.toLocaleString('en-GB')} rows`);
  });
}
