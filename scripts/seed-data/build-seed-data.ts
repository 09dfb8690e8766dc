/**
 * Builds the seed data set in data/seed/ (canonical CSV files) so that the server's aggregates give back the
 * figures of the Leicestershire Police and Crime Plan performance report 2013-14 (as of November 2013).
 *
 *   npx tsx scripts/seed-data/build-seed-data.ts
 *
 * Deterministic: every random draw comes from a mulberry32 generator seeded from the series' own key.
 * How it works:
 *   1. The report's figures are solved, by hand and with small searches, into 8-month totals per BCU or LPU,
 *      category and year (2012-04..2012-11 = P, 2013-04..2013-11 = C). Those solved totals are the constants below,
 *      each with the arithmetic that makes it give back a report figure (data/seed/README.md has the same).
 *   2. Free totals (categories the report names only force-wide, or not at all) are split over BCUs and LPUs by
 *      plausible weights (population x local affinity), exactly, by the largest remainder method.
 *   3. Each 8-month total is spread over its months with a seasonal profile and noise (exact totals again);
 *      the months outside P and C are drawn around the same levels.
 *   4. Outcomes, investigations, satisfaction and the peer forces are derived the same way.
 * The script ends by running the verifier (verify-seed-data.ts), which recomputes every figure from the CSV files.
 */
import * as fs from 'node:fs';
import {
  ALL_CRIME_LEAVES,
  ALL_USERS_PARTS,
  ASPECTS,
  Aspect,
  BCUS,
  CATEGORIES,
  CITY_LPUS,
  CURRENT,
  FIRST_MONTH,
  FORCE,
  FORCES,
  LAST_MONTH,
  LEAF_CATEGORIES,
  LPUS,
  LPUS_OF,
  OUTCOME_TYPES,
  OutcomeType,
  PEER_FORCES,
  PEER_GROUP,
  PLAN_CODE,
  POPULATION_YEARS,
  PREVIOUS,
  Rng,
  SATISFACTION_WINDOW,
  SEED_DIR,
  SURVEYS,
  addMonths,
  allocate,
  hashSeed,
  monthOfYear,
  monthRange,
  writeCsv,
} from './common';
import { verifySeedData } from './verify-seed-data';

type Pair = { P: number; C: number };
const pair = (P: number, C: number): Pair => ({ P, C });
const rngFor = (...parts: (string | number)[]) => new Rng(hashSeed(parts.join('|')));
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

const ALL_MONTHS = monthRange(FIRST_MONTH, LAST_MONTH);
const P_MONTHS = monthRange(PREVIOUS.from, PREVIOUS.to);
const C_MONTHS = monthRange(CURRENT.from, CURRENT.to);
const periodOf = (month: string): 'P' | 'C' | null =>
  P_MONTHS.includes(month) ? 'P' : C_MONTHS.includes(month) ? 'C' : null;

// =============================================================================================================
// Populations
// =============================================================================================================

/**
 * Mid-2010 force populations from datasets/crime-uk data/forces.csv, realigned: from city-of-london to lincolnshire
 * each population in that file belongs to the next row's force (Leicestershire's 993,900 sits on the lancashire row,
 * Derbyshire's on cumbria, Essex's on dyfed-powys, Hampshire's on gwent, Kent's on humberside). Grown by a small
 * yearly rate for 2011-2013.
 */
const FORCE_POPULATION_2010: Record<string, { pop2010: number; growth: number }> = {
  LEICESTERSHIRE: { pop2010: 993_900, growth: 0.007 },
  AVON_AND_SOMERSET: { pop2010: 1_623_200, growth: 0.008 },
  DERBYSHIRE: { pop2010: 1_010_600, growth: 0.005 },
  ESSEX: { pop2010: 1_738_000, growth: 0.007 },
  HAMPSHIRE: { pop2010: 1_884_200, growth: 0.006 },
  KENT: { pop2010: 1_684_100, growth: 0.007 },
  NOTTINGHAMSHIRE: { pop2010: 1_086_600, growth: 0.006 },
  STAFFORDSHIRE: { pop2010: 1_071_400, growth: 0.005 },
};

function forcePopulation(force: string, year: number): number {
  const { pop2010, growth } = FORCE_POPULATION_2010[force];
  return Math.round(pop2010 * Math.pow(1 + growth, year - 2010));
}

/**
 * LPU population weights (thousands) from the 2011 census districts: Leicester (about 330k) split over the five City
 * LPUs; Blaby 94k, Charnwood 166k, Harborough 85k, Hinckley & Bosworth 105k, Melton 51k + Rutland 37k,
 * North West Leicestershire 94k, Oadby & Wigston 56k. Scaled each year so the LPUs sum exactly to the force.
 */
const LPU_POPULATION_2011: Record<string, number> = {
  CITY_CENTRE: 58,
  BEAUMONT_LEYS: 64,
  BELGRAVE: 62,
  SPINNEY_HILLS: 80,
  BRAUNSTONE: 66,
  BLABY: 94,
  CHARNWOOD: 166,
  HARBOROUGH: 85,
  HINCKLEY_BOSWORTH: 105,
  MELTON_RUTLAND: 88,
  NORTH_WEST_LEICESTERSHIRE: 94,
  OADBY_WIGSTON: 56,
};
/** The city grew a little faster than the county districts. */
const LPU_GROWTH = { CITY: 0.01, COUNTIES: 0.005 } as Record<string, number>;

function lpuPopulations(year: number): Record<string, number> {
  const weights = LPUS.map((l) => LPU_POPULATION_2011[l.code] * Math.pow(1 + LPU_GROWTH[l.parent!], year - 2011));
  const parts = allocate(forcePopulation(FORCE, year), weights);
  return Object.fromEntries(LPUS.map((l, i) => [l.code, parts[i]]));
}

// =============================================================================================================
// Solved targets: Leicestershire recorded crime, 8-month totals [P = Apr-Nov 2012, C = Apr-Nov 2013]
// =============================================================================================================

/** All crime per BCU. City 19,850 -> 20,247: +397 (+2.0%); Counties 21,310 -> 22,054: +744 (+3.49%, rounds 3.5).
 *  Force 41,160 -> 42,301: +1,141 (+2.77%, rounds 2.8); gap to a 5% reduction 42,301 - 0.95 x 41,160 = 3,199. */
const ALL_CRIME_BCU: Record<string, Pair> = { CITY: pair(19_850, 20_247), COUNTIES: pair(21_310, 22_054) };

/**
 * Domestic burglary per LPU. City 1,249 -> 1,162 (-87, -6.97%; 1,162 - 0.87 x 1,249 = 75.4 short, report 76);
 * Counties 1,513 -> 1,504 (-9, -0.59%; 1,504 - 0.87 x 1,513 = 187.7 short, report 188);
 * force 2,762 -> 2,666 (-96, -3.48%; 2,666 - 0.87 x 2,762 = 263.1 short, report 263).
 * Blaby 323 -> 237 (-86, -26.6%, the lowest change); Hinckley 198 -> 292 (+94, +47.5%, the highest).
 */
const DOMESTIC_BURGLARY_LPU: Record<string, Pair> = {
  CITY_CENTRE: pair(170, 152),
  BEAUMONT_LEYS: pair(270, 255),
  BELGRAVE: pair(250, 226),
  SPINNEY_HILLS: pair(330, 300),
  BRAUNSTONE: pair(229, 229),
  BLABY: pair(323, 237),
  CHARNWOOD: pair(390, 372),
  HARBOROUGH: pair(150, 162),
  HINCKLEY_BOSWORTH: pair(198, 292),
  MELTON_RUTLAND: pair(112, 108),
  NORTH_WEST_LEICESTERSHIRE: pair(210, 200),
  OADBY_WIGSTON: pair(130, 133),
};

/**
 * Theft of motor vehicle per LPU. Force 747 -> 781 (+34, +4.55%; 781 - 0.9 x 747 = 108.7 off target, report 109).
 * City 310 -> 346 (+36, +11.6%); Counties 437 -> 435 (-2, -0.5%: the arithmetic, not the report's "0.5%").
 * Beaumont Leys 75 -> 106 (+31, +41.3%, the largest increase); Harborough 26 -> 39 (+13, +50.0%, the greatest
 * percentage increase); North West Leicestershire 70 -> 52 (-18, -25.7%, the greatest fall in number and percent).
 */
const THEFT_OF_MOTOR_VEHICLE_LPU: Record<string, Pair> = {
  CITY_CENTRE: pair(38, 37),
  BEAUMONT_LEYS: pair(75, 106),
  BELGRAVE: pair(52, 55),
  SPINNEY_HILLS: pair(70, 71),
  BRAUNSTONE: pair(75, 77),
  BLABY: pair(62, 60),
  CHARNWOOD: pair(110, 118),
  HARBOROUGH: pair(26, 39),
  HINCKLEY_BOSWORTH: pair(72, 70),
  MELTON_RUTLAND: pair(40, 42),
  NORTH_WEST_LEICESTERSHIRE: pair(70, 52),
  OADBY_WIGSTON: pair(57, 54),
};

/**
 * Violence with injury per LPU. City 1,531 -> 1,721 (+190, +12.4%; 1,721 - 0.98 x 1,531 = 220.6 short, report 221);
 * Counties 1,410 -> 1,595 (+185, +13.1%; 1,595 - 0.98 x 1,410 = 213.2 short, report 214);
 * force 2,941 -> 3,316 (+375, +12.75%, rounds 12.8; 3,316 - 0.98 x 2,941 = 433.8 short, report 434).
 * City Centre 361 -> 458 (+97, +26.9%, the highest change); Charnwood 187 -> 178 (-9, -4.8%, the lowest).
 */
const VIOLENCE_WITH_INJURY_LPU: Record<string, Pair> = {
  CITY_CENTRE: pair(361, 458),
  BEAUMONT_LEYS: pair(280, 305),
  BELGRAVE: pair(260, 283),
  SPINNEY_HILLS: pair(350, 375),
  BRAUNSTONE: pair(280, 300),
  BLABY: pair(190, 221),
  CHARNWOOD: pair(187, 178),
  HARBOROUGH: pair(150, 172),
  HINCKLEY_BOSWORTH: pair(250, 290),
  MELTON_RUTLAND: pair(160, 183),
  NORTH_WEST_LEICESTERSHIRE: pair(290, 336),
  OADBY_WIGSTON: pair(183, 215),
};

const LPU_TABLES: Record<string, Record<string, Pair>> = {
  DOMESTIC_BURGLARY: DOMESTIC_BURGLARY_LPU,
  THEFT_OF_MOTOR_VEHICLE: THEFT_OF_MOTOR_VEHICLE_LPU,
  VIOLENCE_WITH_INJURY: VIOLENCE_WITH_INJURY_LPU,
};

/** Theft from motor vehicle per BCU. City 1,390 -> 1,514 (+124, +8.9%); Counties 2,131 -> 2,289 (+158, +7.4%);
 *  force 3,521 -> 3,803 (+282, +8.0%); 3,803 - 0.86 x 3,521 = 774.9 above a 14% reduction (report 775). */
const THEFT_FROM_MOTOR_VEHICLE_BCU: Record<string, Pair> = { CITY: pair(1_390, 1_514), COUNTIES: pair(2_131, 2_289) };

/**
 * Force-wide totals of the other ALL_CRIME leaves. The report's detail figures:
 * shoplifting 3,624 -> 4,309 (+685, +18.9%); bicycle theft 1,507 -> 1,840 (+333, +22.1%);
 * sexual offences 643 -> 789 (+146, +22.7%); theft from the person 806 -> 1,076 (+270, +33.5%);
 * burglary other than dwelling 2,311 -> 2,727 (+416, +18.0%).
 * The rest are free, chosen so that all crime sums to 41,160 -> 42,301 (they fall by 1,304 together);
 * MISC_CRIMES_AGAINST_SOCIETY is the balancing item (829 -> 757).
 */
const FORCE_TOTALS: Record<string, Pair> = {
  SHOPLIFTING: pair(3_624, 4_309),
  BICYCLE_THEFT: pair(1_507, 1_840),
  SEXUAL_OFFENCES: pair(643, 789),
  THEFT_FROM_THE_PERSON: pair(806, 1_076),
  BURGLARY_OTHER_THAN_DWELLING: pair(2_311, 2_727),
  HOMICIDE: pair(9, 7),
  VIOLENCE_WITHOUT_INJURY: pair(3_400, 3_330),
  ROBBERY: pair(560, 470),
  VEHICLE_INTERFERENCE: pair(170, 150),
  OTHER_THEFT: pair(7_000, 6_480),
  CRIMINAL_DAMAGE_AND_ARSON: pair(6_200, 5_800),
  DRUG_OFFENCES: pair(2_400, 2_280),
  POSSESSION_OF_WEAPONS: pair(330, 300),
  PUBLIC_ORDER_OFFENCES: pair(1_400, 1_420),
  MISC_CRIMES_AGAINST_SOCIETY: pair(829, 757),
  // Cross-cutting roots, never inside ALL_CRIME.
  DOMESTIC_VIOLENCE: pair(4_310, 4_460),
  HATE_CRIME: pair(610, 654), // 654 recorded: 292 outcomes = 44.6%, 0.55 x 654 - 292 = 67.7 -> 68 more required
  ANTI_SOCIAL_BEHAVIOUR: pair(28_500, 25_400),
};

/** City BCU share of each force-wide total (the Counties get the rest). */
const CITY_SHARE: Record<string, number> = {
  SHOPLIFTING: 0.55,
  BICYCLE_THEFT: 0.55,
  SEXUAL_OFFENCES: 0.5,
  THEFT_FROM_THE_PERSON: 0.7,
  BURGLARY_OTHER_THAN_DWELLING: 0.35,
  HOMICIDE: 0.55,
  VIOLENCE_WITHOUT_INJURY: 0.5,
  ROBBERY: 0.7,
  VEHICLE_INTERFERENCE: 0.45,
  OTHER_THEFT: 0.45,
  CRIMINAL_DAMAGE_AND_ARSON: 0.45,
  DRUG_OFFENCES: 0.55,
  POSSESSION_OF_WEAPONS: 0.6,
  PUBLIC_ORDER_OFFENCES: 0.55,
  MISC_CRIMES_AGAINST_SOCIETY: 0.5,
  DOMESTIC_VIOLENCE: 0.48,
  HATE_CRIME: 0.62,
  ANTI_SOCIAL_BEHAVIOUR: 0.45,
};
/** Takes up the difference so that each BCU's ALL_CRIME sum is exact. */
const BCU_BALANCING_CATEGORY = 'OTHER_THEFT';

/** Relative crime level of an LPU within its BCU, per category (default 1; multiplied by population). */
const LPU_AFFINITY: Record<string, Record<string, number>> = {
  CITY_CENTRE: {
    SHOPLIFTING: 5,
    THEFT_FROM_THE_PERSON: 5,
    PUBLIC_ORDER_OFFENCES: 3,
    BICYCLE_THEFT: 2.5,
    ROBBERY: 2.2,
    VIOLENCE_WITHOUT_INJURY: 2,
    OTHER_THEFT: 2,
    DRUG_OFFENCES: 2,
    POSSESSION_OF_WEAPONS: 2,
    SEXUAL_OFFENCES: 1.6,
    MISC_CRIMES_AGAINST_SOCIETY: 1.5,
    BURGLARY_OTHER_THAN_DWELLING: 1.6,
    THEFT_FROM_MOTOR_VEHICLE: 1.4,
    CRIMINAL_DAMAGE_AND_ARSON: 1.2,
    HATE_CRIME: 1.8,
    ANTI_SOCIAL_BEHAVIOUR: 1.8,
  },
  BEAUMONT_LEYS: {
    CRIMINAL_DAMAGE_AND_ARSON: 1.3,
    DOMESTIC_VIOLENCE: 1.3,
    ANTI_SOCIAL_BEHAVIOUR: 1.2,
    SHOPLIFTING: 0.8,
  },
  BELGRAVE: { ROBBERY: 1.2, HATE_CRIME: 1.2, SHOPLIFTING: 0.7 },
  SPINNEY_HILLS: { ROBBERY: 1.4, DRUG_OFFENCES: 1.4, POSSESSION_OF_WEAPONS: 1.3, HATE_CRIME: 1.3, SHOPLIFTING: 0.7 },
  BRAUNSTONE: { CRIMINAL_DAMAGE_AND_ARSON: 1.4, DOMESTIC_VIOLENCE: 1.4, ANTI_SOCIAL_BEHAVIOUR: 1.3, SHOPLIFTING: 0.9 },
  BLABY: { SHOPLIFTING: 2.2, THEFT_FROM_MOTOR_VEHICLE: 1.1 }, // Fosse Park retail
  // Loughborough
  CHARNWOOD: { BICYCLE_THEFT: 1.5, THEFT_FROM_THE_PERSON: 1.4, SHOPLIFTING: 1.1, PUBLIC_ORDER_OFFENCES: 1.2 },
  HARBOROUGH: { default: 0.75, BURGLARY_OTHER_THAN_DWELLING: 1.2, BICYCLE_THEFT: 0.6 },
  HINCKLEY_BOSWORTH: { default: 0.95 },
  MELTON_RUTLAND: { default: 0.7, BURGLARY_OTHER_THAN_DWELLING: 1.1 },
  NORTH_WEST_LEICESTERSHIRE: {
    BURGLARY_OTHER_THAN_DWELLING: 1.3,
    THEFT_FROM_MOTOR_VEHICLE: 1.2,
    VEHICLE_INTERFERENCE: 1.2,
  },
  OADBY_WIGSTON: { default: 0.9, BICYCLE_THEFT: 1.2 },
};

function lpuWeight(lpu: string, category: string): number {
  const affinity = LPU_AFFINITY[lpu] ?? {};
  return LPU_POPULATION_2011[lpu] * (affinity[category] ?? affinity.default ?? 1);
}

// =============================================================================================================
// Solved targets: Leicestershire outcomes, 8-month totals
// =============================================================================================================

/** Outcomes in C (Apr-Nov 2013) per BCU for the report's four objective categories. */
const OUTCOMES_C_BCU: Record<string, Record<string, number>> = {
  // 191/1,162 = 16.4% City, 257/1,504 = 17.1% Counties; force 448/2,666 = 16.8%;
  // 0.25 x 2,666 - 448 = 218.5 -> 219 required.
  DOMESTIC_BURGLARY: { CITY: 191, COUNTIES: 257 },
  // 90/346 = 26.0% City, 83/435 = 19.1% Counties; force 173/781 = 22.15% (rounds 22.2); 0.23 x 781 - 173 = 6.6 -> 7.
  THEFT_OF_MOTOR_VEHICLE: { CITY: 90, COUNTIES: 83 },
  // 173/1,514 = 11.4% City, 133/2,289 = 5.8% Counties; force 306/3,803 = 8.05%; 0.09 x 3,803 - 306 = 36.3 -> 37.
  THEFT_FROM_MOTOR_VEHICLE: { CITY: 173, COUNTIES: 133 },
  // 892/1,721 = 51.8% City, 766/1,595 = 48.0% Counties; force 1,658/3,316 = 50.00% (target 50% met).
  VIOLENCE_WITH_INJURY: { CITY: 892, COUNTIES: 766 },
};

/** Force-wide outcomes in C for the cross-cutting roots. */
const OUTCOMES_C_FORCE: Record<string, number> = {
  DOMESTIC_VIOLENCE: 2_230, // 2,230/4,460 = 50.0%, matching the 50% target
  HATE_CRIME: 292, // 292/654 = 44.6%; 0.55 x 654 - 292 = 67.7 -> 68 more required
};

/**
 * All-crime outcomes: C 11,575/42,301 = 27.36% (rounds 27.4); P 13,673/41,160 = 33.22% (rounds 33.2);
 * 13,673 - 11,575 = 2,098 fewer outcomes. DRUG_OFFENCES is the balancing item of each year.
 */
const ALL_CRIME_OUTCOMES: Pair = pair(13_673, 11_575);
const OUTCOME_BALANCING_CATEGORY = 'DRUG_OFFENCES';

/** Free outcome rates (P = 2012-13, rich in TICs; C = 2013-14), applied to recorded crime per BCU. */
const OUTCOME_RATES: Record<string, Pair> = {
  DOMESTIC_BURGLARY: pair(0.3, 0),
  THEFT_OF_MOTOR_VEHICLE: pair(0.26, 0),
  THEFT_FROM_MOTOR_VEHICLE: pair(0.125, 0),
  VIOLENCE_WITH_INJURY: pair(0.52, 0),
  SHOPLIFTING: pair(0.6, 0.55),
  BICYCLE_THEFT: pair(0.15, 0.06),
  SEXUAL_OFFENCES: pair(0.25, 0.2),
  THEFT_FROM_THE_PERSON: pair(0.14, 0.07),
  BURGLARY_OTHER_THAN_DWELLING: pair(0.25, 0.1),
  HOMICIDE: pair(0.9, 0.85),
  VIOLENCE_WITHOUT_INJURY: pair(0.4, 0.35),
  ROBBERY: pair(0.25, 0.2),
  VEHICLE_INTERFERENCE: pair(0.15, 0.1),
  OTHER_THEFT: pair(0.2, 0.12),
  CRIMINAL_DAMAGE_AND_ARSON: pair(0.17, 0.15),
  DRUG_OFFENCES: pair(0.92, 0.9), // balancing item: the actual rate comes out of the all-crime totals
  POSSESSION_OF_WEAPONS: pair(0.8, 0.75),
  PUBLIC_ORDER_OFFENCES: pair(0.4, 0.35),
  MISC_CRIMES_AGAINST_SOCIETY: pair(0.45, 0.4),
  DOMESTIC_VIOLENCE: pair(0.52, 0),
  HATE_CRIME: pair(0.47, 0),
};
/** City detects a little more than the Counties for the free rates. */
const BCU_OUTCOME_FACTOR: Record<string, number> = { CITY: 1.03, COUNTIES: 0.97 };

/** Crimes under investigation as of 2013-11, summed over the LPUs. */
const UNDER_INVESTIGATION_2013_11: Record<string, number> = { DOMESTIC_BURGLARY: 522, THEFT_OF_MOTOR_VEHICLE: 149 };

// =============================================================================================================
// Shape of the monthly series
// =============================================================================================================

/** Seasonal profiles, January..December. */
const SEASONS = {
  flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  burglary: [1.12, 1.0, 0.95, 0.9, 0.88, 0.85, 0.87, 0.9, 0.95, 1.08, 1.2, 1.2], // dark winter months
  vehicle: [1.05, 0.95, 0.95, 0.92, 0.93, 0.91, 0.94, 0.98, 1.0, 1.1, 1.16, 1.1],
  violence: [0.9, 0.85, 0.95, 0.98, 1.05, 1.08, 1.12, 1.05, 1.0, 1.0, 0.97, 1.05], // summer and Christmas
  shoplifting: [0.95, 0.9, 1.0, 0.95, 1.0, 0.97, 1.0, 1.0, 0.98, 1.02, 1.05, 1.18],
  bicycle: [0.6, 0.6, 0.8, 0.95, 1.15, 1.25, 1.3, 1.3, 1.25, 1.1, 0.9, 0.7],
  damage: [0.95, 0.9, 1.0, 1.0, 1.05, 1.0, 1.0, 1.0, 0.97, 1.12, 1.05, 0.95], // Halloween and bonfire night
  asb: [0.8, 0.8, 0.9, 1.0, 1.1, 1.15, 1.2, 1.15, 1.0, 1.1, 0.95, 0.85],
};
const SEASON_OF: Record<string, number[]> = {
  DOMESTIC_BURGLARY: SEASONS.burglary,
  BURGLARY_OTHER_THAN_DWELLING: SEASONS.burglary,
  THEFT_OF_MOTOR_VEHICLE: SEASONS.vehicle,
  THEFT_FROM_MOTOR_VEHICLE: SEASONS.vehicle,
  VEHICLE_INTERFERENCE: SEASONS.vehicle,
  VIOLENCE_WITH_INJURY: SEASONS.violence,
  VIOLENCE_WITHOUT_INJURY: SEASONS.violence,
  SEXUAL_OFFENCES: SEASONS.violence,
  PUBLIC_ORDER_OFFENCES: SEASONS.violence,
  DOMESTIC_VIOLENCE: SEASONS.violence,
  SHOPLIFTING: SEASONS.shoplifting,
  BICYCLE_THEFT: SEASONS.bicycle,
  CRIMINAL_DAMAGE_AND_ARSON: SEASONS.damage,
  ANTI_SOCIAL_BEHAVIOUR: SEASONS.asb,
};
const season = (category: string, month: string) => (SEASON_OF[category] ?? SEASONS.flat)[monthOfYear(month) - 1];

/** Level of 2011-12 relative to Apr-Nov 2012 (crime was still falling; the thefts that rise in 2013 rose from 2012). */
const LEVEL_2011_12: Record<string, number> = {
  default: 1.05,
  SHOPLIFTING: 0.98,
  BICYCLE_THEFT: 0.95,
  THEFT_FROM_THE_PERSON: 0.97,
  BURGLARY_OTHER_THAN_DWELLING: 1.02,
  ANTI_SOCIAL_BEHAVIOUR: 1.15,
};

/** Spread an 8-month total over its months: season x noise, exact total by largest remainder. */
function spreadOverMonths(total: number, months: string[], category: string, rng: Rng, sigma = 0.08): number[] {
  return allocate(
    total,
    months.map((m) => season(category, m) * rng.jitter(sigma)),
  );
}

// =============================================================================================================
// Leicestershire recorded crime
// =============================================================================================================

type Series = Record<string, number>; // month -> count
const key = (area: string, category: string) => `${area}|${category}`;

const LEICS_CATEGORIES = LEAF_CATEGORIES; // every leaf, including DOMESTIC_VIOLENCE, HATE_CRIME, ANTI_SOCIAL_BEHAVIOUR

/** BCU totals for every category not fixed per LPU. */
function bcuTotals(): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const bcu of ['CITY', 'COUNTIES'])
    out.set(key(bcu, 'THEFT_FROM_MOTOR_VEHICLE'), THEFT_FROM_MOTOR_VEHICLE_BCU[bcu]);
  for (const [category, force] of Object.entries(FORCE_TOTALS)) {
    if (category === BCU_BALANCING_CATEGORY) continue;
    const city = pair(Math.round(force.P * CITY_SHARE[category]), Math.round(force.C * CITY_SHARE[category]));
    out.set(key('CITY', category), city);
    out.set(key('COUNTIES', category), pair(force.P - city.P, force.C - city.C));
  }
  // Balancing: each BCU's ALL_CRIME sum must be exact.
  const bcuSum = (bcu: string, p: 'P' | 'C') =>
    sum(
      ALL_CRIME_LEAVES.filter((c) => c !== BCU_BALANCING_CATEGORY).map((c) =>
        LPU_TABLES[c] ? sum(LPUS_OF[bcu].map((l) => LPU_TABLES[c][l][p])) : out.get(key(bcu, c))![p],
      ),
    );
  const force = FORCE_TOTALS[BCU_BALANCING_CATEGORY];
  const city = pair(ALL_CRIME_BCU.CITY.P - bcuSum('CITY', 'P'), ALL_CRIME_BCU.CITY.C - bcuSum('CITY', 'C'));
  const counties = pair(
    ALL_CRIME_BCU.COUNTIES.P - bcuSum('COUNTIES', 'P'),
    ALL_CRIME_BCU.COUNTIES.C - bcuSum('COUNTIES', 'C'),
  );
  if (city.P + counties.P !== force.P || city.C + counties.C !== force.C) {
    throw new Error(
      `FORCE_TOTALS do not add up to ALL_CRIME_BCU: ` +
        `${BCU_BALANCING_CATEGORY} would be ${city.P + counties.P} -> ${city.C + counties.C}`,
    );
  }
  out.set(key('CITY', BCU_BALANCING_CATEGORY), city);
  out.set(key('COUNTIES', BCU_BALANCING_CATEGORY), counties);
  return out;
}

/** 8-month totals per LPU and leaf category. */
function lpuTotals(): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const [category, table] of Object.entries(LPU_TABLES)) {
    for (const lpu of LPUS) out.set(key(lpu.code, category), table[lpu.code]);
  }
  for (const [k, total] of bcuTotals()) {
    const [bcu, category] = k.split('|');
    const lpus = LPUS_OF[bcu];
    const rng = rngFor('lpu-split', bcu, category);
    const weightsP = lpus.map((l) => lpuWeight(l, category));
    const weightsC = weightsP.map((w) => w * rng.jitter(0.07));
    const partsP = allocate(total.P, weightsP);
    const partsC = allocate(total.C, weightsC);
    lpus.forEach((l, i) => out.set(key(l, category), pair(partsP[i], partsC[i])));
  }
  return out;
}

/** Every month of one LPU and category: P and C exact, the other months drawn around the same levels. */
function monthlySeries(lpu: string, category: string, total: Pair): Series {
  const rng = rngFor('recorded', lpu, category);
  const series: Series = {};
  const p = spreadOverMonths(total.P, P_MONTHS, category, rng);
  const c = spreadOverMonths(total.C, C_MONTHS, category, rng);
  P_MONTHS.forEach((m, i) => (series[m] = p[i]));
  C_MONTHS.forEach((m, i) => (series[m] = c[i]));
  const levelP = total.P / sum(P_MONTHS.map((m) => season(category, m)));
  const levelC = total.C / sum(C_MONTHS.map((m) => season(category, m)));
  const before = LEVEL_2011_12[category] ?? LEVEL_2011_12.default;
  for (const m of ALL_MONTHS) {
    if (periodOf(m)) continue;
    let level: number;
    if (m < PREVIOUS.from) {
      // 2011-04..2012-03: from the 2011 level towards the 2012 level.
      const t = monthRange(FIRST_MONTH, m).length / 12;
      level = levelP * (before + (1 - before) * t);
    } else {
      // 2012-12..2013-03: between the two years' levels.
      const t = (monthRange(PREVIOUS.to, m).length - 1) / 5;
      level = levelP + (levelC - levelP) * t;
    }
    series[m] = rng.poisson(level * season(category, m) * rng.jitter(0.05));
  }
  return series;
}

// =============================================================================================================
// Outcomes
// =============================================================================================================

/** Mix of outcome types per kind of crime (before the TIC boost of 2012-13). */
const OUTCOME_MIX: Record<string, Partial<Record<OutcomeType, number>>> = {
  acquisitive: { CHARGE_SUMMONS: 0.5, CAUTION: 0.1, TIC: 0.25, PENALTY_NOTICE: 0.02, COMMUNITY_RESOLUTION: 0.13 },
  shoplifting: { CHARGE_SUMMONS: 0.45, CAUTION: 0.15, TIC: 0.05, PENALTY_NOTICE: 0.15, COMMUNITY_RESOLUTION: 0.2 },
  violence: { CHARGE_SUMMONS: 0.55, CAUTION: 0.25, TIC: 0.01, PENALTY_NOTICE: 0.02, COMMUNITY_RESOLUTION: 0.17 },
  sexual: { CHARGE_SUMMONS: 0.75, CAUTION: 0.2, COMMUNITY_RESOLUTION: 0.05 },
  homicide: { CHARGE_SUMMONS: 1 },
  drugs: { CHARGE_SUMMONS: 0.3, CAUTION: 0.2, CANNABIS_WARNING: 0.35, PENALTY_NOTICE: 0.1, COMMUNITY_RESOLUTION: 0.05 },
  damage: { CHARGE_SUMMONS: 0.4, CAUTION: 0.2, TIC: 0.05, PENALTY_NOTICE: 0.05, COMMUNITY_RESOLUTION: 0.3 },
  order: { CHARGE_SUMMONS: 0.4, CAUTION: 0.2, PENALTY_NOTICE: 0.3, COMMUNITY_RESOLUTION: 0.1 },
  weapons: { CHARGE_SUMMONS: 0.8, CAUTION: 0.2 },
  misc: { CHARGE_SUMMONS: 0.6, CAUTION: 0.3, PENALTY_NOTICE: 0.1 },
};
const MIX_OF: Record<string, string> = {
  DOMESTIC_BURGLARY: 'acquisitive',
  BURGLARY_OTHER_THAN_DWELLING: 'acquisitive',
  THEFT_OF_MOTOR_VEHICLE: 'acquisitive',
  THEFT_FROM_MOTOR_VEHICLE: 'acquisitive',
  VEHICLE_INTERFERENCE: 'acquisitive',
  OTHER_THEFT: 'acquisitive',
  BICYCLE_THEFT: 'acquisitive',
  THEFT_FROM_THE_PERSON: 'acquisitive',
  ROBBERY: 'acquisitive',
  SHOPLIFTING: 'shoplifting',
  HOMICIDE: 'homicide',
  VIOLENCE_WITH_INJURY: 'violence',
  VIOLENCE_WITHOUT_INJURY: 'violence',
  DOMESTIC_VIOLENCE: 'violence',
  HATE_CRIME: 'violence',
  SEXUAL_OFFENCES: 'sexual',
  DRUG_OFFENCES: 'drugs',
  CRIMINAL_DAMAGE_AND_ARSON: 'damage',
  PUBLIC_ORDER_OFFENCES: 'order',
  POSSESSION_OF_WEAPONS: 'weapons',
  MISC_CRIMES_AGAINST_SOCIETY: 'misc',
};
/** "Largely due to a high volume of TIC outcomes" in 2012-13: TICs weigh this much more before April 2013. */
const TIC_BOOST_BEFORE_2013_14 = 3;
/** "Recent TIC outcomes" lifted the City's theft of motor vehicle rate in autumn 2013. */
const RECENT_TOMV_TIC_MONTHS = ['2013-09', '2013-10', '2013-11'];

function outcomeMix(category: string, month: string, area: string): number[] {
  const mix = OUTCOME_MIX[MIX_OF[category]];
  return OUTCOME_TYPES.map((t) => {
    let w = mix[t] ?? 0;
    if (t === 'TIC' && month < CURRENT.from) w *= TIC_BOOST_BEFORE_2013_14;
    if (
      t === 'TIC' &&
      category === 'THEFT_OF_MOTOR_VEHICLE' &&
      CITY_LPUS.includes(area) &&
      RECENT_TOMV_TIC_MONTHS.includes(month)
    )
      w *= 4;
    return w;
  });
}

/** Split a month's outcomes over the outcome types. */
function splitOutcomeTypes(total: number, category: string, month: string, area: string, rng: Rng): number[] {
  return allocate(
    total,
    outcomeMix(category, month, area).map((w) => w * rng.jitter(0.25)),
  );
}

// ASB incidents have no outcomes.
const OUTCOME_CATEGORIES = LEAF_CATEGORIES.filter((c) => c !== 'ANTI_SOCIAL_BEHAVIOUR');

/** Outcome totals per BCU, category and year (P, C). */
function bcuOutcomeTotals(recordedTotals: Map<string, Pair>): Map<string, Pair> {
  const recorded = (bcu: string, category: string, p: 'P' | 'C') =>
    sum(LPUS_OF[bcu].map((l) => recordedTotals.get(key(l, category))![p]));
  const out = new Map<string, Pair>();
  for (const p of ['P', 'C'] as const) {
    // Force-level totals first (the figures are force-level), then split over the BCUs.
    const force: Record<string, number> = {};
    for (const category of OUTCOME_CATEGORIES) {
      if (p === 'C' && OUTCOMES_C_BCU[category]) continue;
      if (p === 'C' && OUTCOMES_C_FORCE[category] !== undefined) {
        force[category] = OUTCOMES_C_FORCE[category];
        continue;
      }
      force[category] = sum(
        ['CITY', 'COUNTIES'].map((bcu) =>
          Math.round(OUTCOME_RATES[category][p] * BCU_OUTCOME_FACTOR[bcu] * recorded(bcu, category, p)),
        ),
      );
    }
    // Balancing item: all-crime outcomes exact.
    const fixed = p === 'C' ? sum(Object.values(OUTCOMES_C_BCU).map((b) => b.CITY + b.COUNTIES)) : 0;
    const others = sum(
      ALL_CRIME_LEAVES.filter((c) => c !== OUTCOME_BALANCING_CATEGORY && force[c] !== undefined).map((c) => force[c]),
    );
    force[OUTCOME_BALANCING_CATEGORY] = ALL_CRIME_OUTCOMES[p] - fixed - others;

    for (const category of OUTCOME_CATEGORIES) {
      const perBcu =
        p === 'C' && OUTCOMES_C_BCU[category]
          ? [OUTCOMES_C_BCU[category].CITY, OUTCOMES_C_BCU[category].COUNTIES]
          : allocate(
              force[category],
              ['CITY', 'COUNTIES'].map((bcu) => recorded(bcu, category, p) * BCU_OUTCOME_FACTOR[bcu]),
            );
      ['CITY', 'COUNTIES'].forEach((bcu, i) => {
        const k = key(bcu, category);
        const prev = out.get(k) ?? pair(0, 0);
        out.set(k, { ...prev, [p]: perBcu[i] });
      });
    }
  }
  return out;
}

// =============================================================================================================
// Peer forces (force level only)
// =============================================================================================================

/**
 * Each peer's level relative to Leicestershire's per-capita rate: an overall level times a category factor.
 * Chosen so that Leicestershire sits inside the MSG band (mean +/- 1 SD) for domestic burglary, vehicle crime and
 * violence with injury, while some categories are clearly apart (Leicestershire high on shoplifting and bicycle theft,
 * low on criminal damage; Nottinghamshire high on robbery; Hampshire low on domestic burglary, ...).
 */
const PEER_LEVELS: Record<string, { level: number; factors: Record<string, number> }> = {
  AVON_AND_SOMERSET: {
    level: 1.0,
    factors: {
      DOMESTIC_BURGLARY: 1.05,
      VEHICLE: 1.1,
      VIOLENCE_WITH_INJURY: 0.95,
      SHOPLIFTING: 0.75,
      BICYCLE_THEFT: 1.1,
      CRIMINAL_DAMAGE_AND_ARSON: 1.3,
    },
  },
  DERBYSHIRE: {
    level: 0.92,
    factors: {
      DOMESTIC_BURGLARY: 1.0,
      VEHICLE: 0.9,
      VIOLENCE_WITH_INJURY: 1.05,
      SHOPLIFTING: 0.7,
      BICYCLE_THEFT: 0.5,
      CRIMINAL_DAMAGE_AND_ARSON: 1.35,
    },
  },
  ESSEX: {
    level: 0.92,
    factors: {
      DOMESTIC_BURGLARY: 1.1,
      VEHICLE: 1.05,
      VIOLENCE_WITH_INJURY: 0.85,
      SHOPLIFTING: 0.7,
      BICYCLE_THEFT: 0.6,
      CRIMINAL_DAMAGE_AND_ARSON: 1.3,
      ROBBERY: 0.8,
    },
  },
  HAMPSHIRE: {
    level: 0.95,
    factors: {
      DOMESTIC_BURGLARY: 0.75,
      VEHICLE: 0.85,
      VIOLENCE_WITH_INJURY: 1.1,
      SHOPLIFTING: 0.8,
      BICYCLE_THEFT: 0.9,
      CRIMINAL_DAMAGE_AND_ARSON: 1.35,
      ROBBERY: 0.6,
    },
  },
  KENT: {
    level: 1.0,
    factors: {
      DOMESTIC_BURGLARY: 0.9,
      VEHICLE: 0.95,
      VIOLENCE_WITH_INJURY: 0.95,
      SHOPLIFTING: 0.75,
      BICYCLE_THEFT: 0.5,
      CRIMINAL_DAMAGE_AND_ARSON: 1.25,
      ROBBERY: 0.7,
    },
  },
  NOTTINGHAMSHIRE: {
    level: 1.12,
    factors: {
      DOMESTIC_BURGLARY: 1.15,
      VEHICLE: 1.05,
      VIOLENCE_WITH_INJURY: 1.0,
      SHOPLIFTING: 0.85,
      BICYCLE_THEFT: 0.95,
      CRIMINAL_DAMAGE_AND_ARSON: 1.2,
      ROBBERY: 1.4,
    },
  },
  STAFFORDSHIRE: {
    level: 0.92,
    factors: {
      DOMESTIC_BURGLARY: 1.0,
      VEHICLE: 1.0,
      VIOLENCE_WITH_INJURY: 1.1,
      SHOPLIFTING: 0.7,
      BICYCLE_THEFT: 0.55,
      CRIMINAL_DAMAGE_AND_ARSON: 1.4,
      ROBBERY: 0.6,
    },
  },
};
const VEHICLE_LEAVES = ['THEFT_OF_MOTOR_VEHICLE', 'THEFT_FROM_MOTOR_VEHICLE', 'VEHICLE_INTERFERENCE'];
/** Peer detection levels relative to Leicestershire's 2012-13 outcome rates. */
const PEER_OUTCOME_LEVEL: Record<string, number> = {
  AVON_AND_SOMERSET: 0.95,
  DERBYSHIRE: 1.05,
  ESSEX: 0.9,
  HAMPSHIRE: 1.0,
  KENT: 0.92,
  NOTTINGHAMSHIRE: 0.88,
  STAFFORDSHIRE: 1.1,
};

// =============================================================================================================
// Satisfaction
// =============================================================================================================

/**
 * Rolling 12 months 2012-12..2013-11, summed over both BCUs: respondents and satisfied per aspect.
 * ALL_USERS is the sum of BURGLARY, VEHICLE and VIOLENT: 3,850 respondents;
 *   whole experience 1,080 + 1,093 + 1,100 = 3,273 = 85.01% (target 85% met, rounds 85.0);
 *   actions 1,068 + 1,033 + 1,087 = 3,188 = 82.8%; follow-up 1,020 + 975 + 1,039 = 3,034 = 78.8%.
 * BURGLARY 1,080/1,200 = 90.0%; VEHICLE 1,093/1,250 = 87.4% (actions 1,033 = 82.6%, follow-up 975 = 78.0%);
 * VIOLENT 1,100/1,400 = 78.6%; RACIST_INCIDENT 146/180 = 81.1%;
 * ASB 961/1,200 = 80.1% (actions 884 = 73.7%, follow-up 757 = 63.1%).
 */
const SATISFACTION_WINDOW_TOTALS: Record<string, { respondents: number; satisfied: Record<Aspect, number> }> = {
  BURGLARY: {
    respondents: 1_200,
    satisfied: { EASE_OF_CONTACT: 1_164, ACTIONS: 1_068, FOLLOW_UP: 1_020, TREATMENT: 1_140, WHOLE_EXPERIENCE: 1_080 },
  },
  VEHICLE: {
    respondents: 1_250,
    satisfied: { EASE_OF_CONTACT: 1_200, ACTIONS: 1_033, FOLLOW_UP: 975, TREATMENT: 1_163, WHOLE_EXPERIENCE: 1_093 },
  },
  VIOLENT: {
    respondents: 1_400,
    satisfied: { EASE_OF_CONTACT: 1_316, ACTIONS: 1_087, FOLLOW_UP: 1_039, TREATMENT: 1_260, WHOLE_EXPERIENCE: 1_100 },
  },
  RACIST_INCIDENT: {
    respondents: 180,
    satisfied: { EASE_OF_CONTACT: 170, ACTIONS: 138, FOLLOW_UP: 128, TREATMENT: 160, WHOLE_EXPERIENCE: 146 },
  },
  ASB: {
    respondents: 1_200,
    satisfied: { EASE_OF_CONTACT: 1_128, ACTIONS: 884, FOLLOW_UP: 757, TREATMENT: 1_092, WHOLE_EXPERIENCE: 961 },
  },
};
/** City BCU share of survey respondents. */
const SATISFACTION_CITY_SHARE: Record<string, number> = {
  BURGLARY: 0.45,
  VEHICLE: 0.4,
  VIOLENT: 0.47,
  RACIST_INCIDENT: 0.65,
  ASB: 0.42,
};
/** Rates before the window, relative to the window's (satisfaction was a little higher in 2011-12; ASB declined). */
const SATISFACTION_EARLIER_FACTOR: Record<string, number> = {
  BURGLARY: 1.0,
  VEHICLE: 0.99,
  VIOLENT: 1.01,
  RACIST_INCIDENT: 1.02,
  ASB: 1.04,
};

/**
 * ASB: "the rolling figure has been declining over the past few months; however, the most recent monthly figure was
 * the highest it has been in 8 months" - monthly weight of the satisfied answers over the window.
 */
function asbTilt(month: string): number {
  if (month === LAST_MONTH) return 1.08;
  const i = monthRange(SATISFACTION_WINDOW.from, month).length - 1; // 0..10
  return 1.04 - 0.008 * i;
}

// =============================================================================================================
// Build
// =============================================================================================================

interface CrimeRow {
  month: string;
  area: string;
  category: string;
  recorded: number;
}
interface OutcomeRow {
  month: string;
  area: string;
  category: string;
  type: OutcomeType;
  count: number;
}

function buildLeicestershire(crimes: CrimeRow[], outcomes: OutcomeRow[], investigations: (string | number)[][]) {
  const totals = lpuTotals();
  const recorded = new Map<string, Series>();
  for (const lpu of LPUS) {
    for (const category of LEICS_CATEGORIES) {
      const series = monthlySeries(lpu.code, category, totals.get(key(lpu.code, category))!);
      recorded.set(key(lpu.code, category), series);
      for (const m of ALL_MONTHS) crimes.push({ month: m, area: lpu.code, category, recorded: series[m] });
    }
  }

  // Outcomes: BCU totals -> LPUs (by recorded) -> months (by recorded) -> outcome types.
  const bcuOutcomes = bcuOutcomeTotals(totals);
  for (const bcu of ['CITY', 'COUNTIES']) {
    const lpus = LPUS_OF[bcu];
    for (const category of OUTCOME_CATEGORIES) {
      const total = bcuOutcomes.get(key(bcu, category))!;
      const rng = rngFor('outcomes', bcu, category);
      // Never more outcomes than crimes, in an LPU or in a month.
      const lpuRecorded = (p: 'P' | 'C') => lpus.map((l) => totals.get(key(l, category))![p]);
      const lpuParts: Record<'P' | 'C', number[]> = {
        P: allocate(
          total.P,
          lpuRecorded('P').map((r) => r * rng.jitter(0.1) + 0.01),
          lpuRecorded('P'),
        ),
        C: allocate(
          total.C,
          lpuRecorded('C').map((r) => r * rng.jitter(0.1) + 0.01),
          lpuRecorded('C'),
        ),
      };
      const bcuRecorded = (p: 'P' | 'C') => sum(lpus.map((l) => totals.get(key(l, category))![p]));
      const rate = {
        P: bcuRecorded('P') ? total.P / bcuRecorded('P') : 0,
        C: bcuRecorded('C') ? total.C / bcuRecorded('C') : 0,
      };
      lpus.forEach((lpu, i) => {
        const series = recorded.get(key(lpu, category))!;
        const monthly: Series = {};
        for (const p of ['P', 'C'] as const) {
          const months = p === 'P' ? P_MONTHS : C_MONTHS;
          const parts = allocate(
            lpuParts[p][i],
            months.map((m) => (series[m] + 0.3) * rng.jitter(0.2)),
            months.map((m) => series[m]),
          );
          months.forEach((m, j) => (monthly[m] = parts[j]));
        }
        for (const m of ALL_MONTHS) {
          if (!periodOf(m)) {
            // Other months: the 2012-13 rate (a little higher in 2011-12), moving to the 2013-14 rate over the winter.
            const r =
              m < PREVIOUS.from
                ? rate.P * 1.03
                : rate.P + ((rate.C - rate.P) * (monthRange(PREVIOUS.to, m).length - 1)) / 5;
            monthly[m] = rng.binomial(series[m], r);
          }
          const types = splitOutcomeTypes(monthly[m], category, m, lpu, rng);
          OUTCOME_TYPES.forEach(
            (t, j) => types[j] > 0 && outcomes.push({ month: m, area: lpu, category, type: t, count: types[j] }),
          );
        }
      });
    }
  }

  // Crimes under investigation: a backlog of about this many months of recent crime, per category.
  const backlog: Record<string, number> = {
    default: 1.0,
    DOMESTIC_BURGLARY: 1.4,
    THEFT_OF_MOTOR_VEHICLE: 1.4,
    THEFT_FROM_MOTOR_VEHICLE: 0.8,
    VIOLENCE_WITH_INJURY: 1.5,
    SEXUAL_OFFENCES: 4,
    ROBBERY: 2,
    HOMICIDE: 4,
    DRUG_OFFENCES: 0.6,
    SHOPLIFTING: 0.4,
    BURGLARY_OTHER_THAN_DWELLING: 1.1,
  };
  for (const category of ALL_CRIME_LEAVES) {
    const rng = rngFor('investigations', category);
    for (const m of monthRange('2012-04', LAST_MONTH)) {
      const expected = LPUS.map(
        (l) =>
          (backlog[category] ?? backlog.default) *
          (0.6 * recorded.get(key(l.code, category))![m] +
            0.4 * recorded.get(key(l.code, category))![addMonths(m, -1)]),
      );
      const counts =
        m === LAST_MONTH && UNDER_INVESTIGATION_2013_11[category] !== undefined
          ? allocate(
              UNDER_INVESTIGATION_2013_11[category],
              expected.map((e) => e + 0.5),
            )
          : expected.map((e) => rng.poisson(e));
      LPUS.forEach((l, i) => investigations.push([m, l.code, category, counts[i]]));
    }
  }
}

function buildPeers(crimes: CrimeRow[], outcomes: OutcomeRow[]) {
  const leicsPop2012 = forcePopulation(FORCE, 2012);
  const forceTotal = (category: string): Pair => {
    if (LPU_TABLES[category])
      return pair(
        sum(LPUS.map((l) => LPU_TABLES[category][l.code].P)),
        sum(LPUS.map((l) => LPU_TABLES[category][l.code].C)),
      );
    if (category === 'THEFT_FROM_MOTOR_VEHICLE')
      return pair(
        THEFT_FROM_MOTOR_VEHICLE_BCU.CITY.P + THEFT_FROM_MOTOR_VEHICLE_BCU.COUNTIES.P,
        THEFT_FROM_MOTOR_VEHICLE_BCU.CITY.C + THEFT_FROM_MOTOR_VEHICLE_BCU.COUNTIES.C,
      );
    return FORCE_TOTALS[category];
  };
  const octIndex = ALL_MONTHS.indexOf('2012-10');
  for (const force of PEER_FORCES) {
    const { level, factors } = PEER_LEVELS[force];
    for (const category of LEAF_CATEGORIES) {
      const rng = rngFor('peer', force, category);
      const t = forceTotal(category);
      // Leicestershire's deseasonalised monthly rate per person, and its year-on-year change.
      const perPerson = (t.P + t.C) / (sum(P_MONTHS.map((m) => season(category, m))) * 2) / leicsPop2012;
      const yearly = (t.C / t.P - 1) * rng.jitter(0.3);
      const factor =
        level *
        (factors[category] ?? (VEHICLE_LEAVES.includes(category) ? factors.VEHICLE : undefined) ?? rng.jitter(0.12));
      const outcomeRate = leicsOutcomeRateP(category) * PEER_OUTCOME_LEVEL[force] * rng.jitter(0.08);
      ALL_MONTHS.forEach((m, i) => {
        const trend = Math.max(0.5, 1 + (yearly * (i - octIndex)) / 12);
        const mean =
          perPerson *
          forcePopulation(force, Number(m.slice(0, 4))) *
          factor *
          season(category, m) *
          trend *
          rng.jitter(0.04);
        const count = rng.poisson(mean);
        crimes.push({ month: m, area: force, category, recorded: count });
        if (category === 'ANTI_SOCIAL_BEHAVIOUR') return;
        const types = splitOutcomeTypes(rng.binomial(count, Math.min(0.95, outcomeRate)), category, m, force, rng);
        OUTCOME_TYPES.forEach(
          (ty, j) => types[j] > 0 && outcomes.push({ month: m, area: force, category, type: ty, count: types[j] }),
        );
      });
    }
  }
}

/** Leicestershire's 2012-13 outcome rates (for the peers), from the free rates (balancing item: its nominal rate). */
function leicsOutcomeRateP(category: string): number {
  return OUTCOME_RATES[category]?.P ?? 0;
}

function buildSatisfaction(): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const windowMonths = monthRange(SATISFACTION_WINDOW.from, SATISFACTION_WINDOW.to);
  const bcus = ['CITY', 'COUNTIES'];
  // cell[survey][month|bcu] = { respondents, satisfied per aspect }
  type Cell = { respondents: number; satisfied: Record<string, number> };
  const cells: Record<string, Record<string, Cell>> = {};
  for (const survey of Object.keys(SATISFACTION_WINDOW_TOTALS)) {
    const rng = rngFor('satisfaction', survey);
    const total = SATISFACTION_WINDOW_TOTALS[survey];
    const share = SATISFACTION_CITY_SHARE[survey];
    const perSurvey: Record<string, Cell> = (cells[survey] = {});
    // Window: exact totals.
    const slots = windowMonths.flatMap((m) => bcus.map((b) => ({ m, b })));
    const resp = allocate(
      total.respondents,
      slots.map((s) => (s.b === 'CITY' ? share : 1 - share) * rng.jitter(0.15)),
    );
    slots.forEach((s, i) => (perSurvey[`${s.m}|${s.b}`] = { respondents: resp[i], satisfied: {} }));
    for (const aspect of ASPECTS) {
      const tilt = (m: string) => (survey === 'ASB' && aspect === 'WHOLE_EXPERIENCE' ? asbTilt(m) : 1);
      const parts = allocate(
        total.satisfied[aspect],
        slots.map((s, i) => resp[i] * tilt(s.m) * rng.jitter(0.04)),
        resp,
      );
      slots.forEach((s, i) => (perSurvey[`${s.m}|${s.b}`].satisfied[aspect] = parts[i]));
    }
    // Earlier months: drawn around the window's rates.
    const meanRespondents = total.respondents / 12;
    for (const m of ALL_MONTHS.filter((x) => x < SATISFACTION_WINDOW.from)) {
      for (const b of bcus) {
        const respondents = rng.poisson(meanRespondents * (b === 'CITY' ? share : 1 - share));
        const satisfied: Record<string, number> = {};
        for (const aspect of ASPECTS) {
          const rate = Math.min(
            0.99,
            (total.satisfied[aspect] / total.respondents) * SATISFACTION_EARLIER_FACTOR[survey] * rng.jitter(0.03),
          );
          satisfied[aspect] = Math.min(respondents, Math.round(respondents * rate));
        }
        perSurvey[`${m}|${b}`] = { respondents, satisfied };
      }
    }
  }
  // ALL_USERS = BURGLARY + VEHICLE + VIOLENT, cell by cell.
  cells.ALL_USERS = {};
  for (const k of Object.keys(cells.BURGLARY)) {
    const parts = ALL_USERS_PARTS.map((s) => cells[s][k]);
    cells.ALL_USERS[k] = {
      respondents: sum(parts.map((p) => p.respondents)),
      satisfied: Object.fromEntries(ASPECTS.map((a) => [a, sum(parts.map((p) => p.satisfied[a]))])),
    };
  }
  for (const m of ALL_MONTHS) {
    for (const b of bcus) {
      for (const survey of SURVEYS) {
        const cell = cells[survey][`${m}|${b}`];
        for (const aspect of ASPECTS) rows.push([m, b, survey, aspect, cell.respondents, cell.satisfied[aspect]]);
      }
    }
  }
  return rows;
}

function buildAreas(): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  const lpuPops = Object.fromEntries(POPULATION_YEARS.map((y) => [y, lpuPopulations(y)]));
  const ordered = [
    FORCES[0],
    ...BCUS.flatMap((b) => [b, ...LPUS.filter((l) => l.parent === b.code)]),
    ...FORCES.slice(1),
  ];
  for (const area of ordered) {
    for (const year of POPULATION_YEARS) {
      const population =
        area.level === 'FORCE'
          ? forcePopulation(area.code, year)
          : area.level === 'LPU'
            ? lpuPops[year][area.code]
            : null;
      rows.push([area.code, area.name, area.level, area.parent, population, year]);
    }
  }
  return rows;
}

const OBJECTIVES: [string, string, string, number, string][] = [
  // measure, category, survey, target (%), harm
  ['RECORDED_CRIME', 'ALL_CRIME', '', 5, 'MEDIUM'],
  ['RECORDED_CRIME', 'DOMESTIC_BURGLARY', '', 13, 'HIGH'],
  ['OUTCOME_RATE', 'DOMESTIC_BURGLARY', '', 25, 'HIGH'],
  ['RECORDED_CRIME', 'THEFT_OF_MOTOR_VEHICLE', '', 10, 'MEDIUM'],
  ['OUTCOME_RATE', 'THEFT_OF_MOTOR_VEHICLE', '', 23, 'MEDIUM'],
  ['RECORDED_CRIME', 'THEFT_FROM_MOTOR_VEHICLE', '', 14, 'MEDIUM'],
  ['OUTCOME_RATE', 'THEFT_FROM_MOTOR_VEHICLE', '', 9, 'MEDIUM'],
  ['RECORDED_CRIME', 'VIOLENCE_WITH_INJURY', '', 2, 'HIGH'],
  ['OUTCOME_RATE', 'VIOLENCE_WITH_INJURY', '', 50, 'HIGH'],
  ['OUTCOME_RATE', 'DOMESTIC_VIOLENCE', '', 50, 'HIGH'],
  ['OUTCOME_RATE', 'HATE_CRIME', '', 55, 'HIGH'],
  ['SATISFACTION', '', 'ALL_USERS', 85, 'MEDIUM'],
  ['SATISFACTION', '', 'BURGLARY', 90, 'HIGH'],
  ['SATISFACTION', '', 'VEHICLE', 85, 'MEDIUM'],
  ['SATISFACTION', '', 'VIOLENT', 82, 'HIGH'],
  ['SATISFACTION', '', 'RACIST_INCIDENT', 88, 'HIGH'],
  ['SATISFACTION', '', 'ASB', 85, 'MEDIUM'],
];

const byKeys =
  <T>(...fns: ((x: T) => string)[]) =>
  (a: T, b: T) => {
    for (const f of fns) {
      const x = f(a);
      const y = f(b);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };

function main(): void {
  fs.mkdirSync(SEED_DIR, { recursive: true });
  const crimes: CrimeRow[] = [];
  const outcomes: OutcomeRow[] = [];
  const investigations: (string | number)[][] = [];
  buildLeicestershire(crimes, outcomes, investigations);
  buildPeers(crimes, outcomes);

  const counts: [string, number][] = [];
  const write = (file: string, header: string[], rows: (string | number | null)[][]) => {
    writeCsv(file, header, rows);
    counts.push([file, rows.length]);
  };
  write(
    'plans.csv',
    ['code', 'name', 'financial_year'],
    [[PLAN_CODE, 'Leicestershire Police and Crime Plan 2013-14', '2013-14']],
  );
  write('areas.csv', ['code', 'name', 'level', 'parent_code', 'population', 'population_year'], buildAreas());
  write(
    'categories.csv',
    ['code', 'name', 'parent_code', 'kind', 'sensitive'],
    CATEGORIES.map((c) => [c.code, c.name, c.parent, c.kind, c.sensitive ? 'true' : 'false']),
  );
  write(
    'peer_groups.csv',
    ['group_code', 'area_code'],
    FORCES.map((f) => [PEER_GROUP, f.code]),
  );
  crimes.sort(
    byKeys(
      (r) => r.month,
      (r) => r.area,
      (r) => r.category,
    ),
  );
  write(
    'crimes.csv',
    ['month', 'area_code', 'category_code', 'recorded'],
    crimes.map((r) => [r.month, r.area, r.category, r.recorded]),
  );
  outcomes.sort(
    byKeys(
      (r) => r.month,
      (r) => r.area,
      (r) => r.category,
      (r) => r.type,
    ),
  );
  write(
    'outcomes.csv',
    ['month', 'area_code', 'category_code', 'outcome_type', 'count'],
    outcomes.map((r) => [r.month, r.area, r.category, r.type, r.count]),
  );
  investigations.sort(
    byKeys(
      (r) => String(r[0]),
      (r) => String(r[1]),
      (r) => String(r[2]),
    ),
  );
  write('investigations.csv', ['as_of', 'area_code', 'category_code', 'count'], investigations);
  const satisfaction = buildSatisfaction().sort(
    byKeys(
      (r) => String(r[0]),
      (r) => String(r[1]),
      (r) => String(r[2]),
      (r) => String(r[3]),
    ),
  );
  write('satisfaction.csv', ['month', 'area_code', 'survey', 'aspect', 'respondents', 'satisfied'], satisfaction);
  write(
    'objectives.csv',
    ['plan', 'area_code', 'measure', 'category_code', 'survey', 'target', 'harm'],
    OBJECTIVES.map(([measure, category, survey, target, harm]) => [
      PLAN_CODE,
      FORCE,
      measure,
      category,
      survey,
      target,
      harm,
    ]),
  );

  console.log('Wrote data/seed/:');
  for (const [file, n] of counts) console.log(`  ${file.padEnd(20)} ${String(n).padStart(6)} rows`);
  console.log('');
  const ok = verifySeedData();
  if (!ok) process.exitCode = 1;
}

main();
