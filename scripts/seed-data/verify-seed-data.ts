/**
 * Recomputes every figure of the Leicestershire performance report (2013-14 year to date as of 2013-11) from the CSV
 * files in data/seed/, by the formulas of docs/domain.md (sums over the area subtree and the category subtree, rates as
 * ratios of sums), and prints figure, report value, computed value and OK/FAIL. Also checks the files' integrity.
 *
 *   npx tsx scripts/seed-data/verify-seed-data.ts      (exit code 1 on any FAIL)
 *
 * Percentages must round (half up, one decimal) to the report's figure; counts must be within 2 of the report's.
 */
import {
  ALL_CRIME_LEAVES,
  ALL_USERS_PARTS,
  ASPECTS,
  CURRENT,
  FIRST_MONTH,
  FORCE,
  LAST_MONTH,
  LEAF_CATEGORIES,
  LPUS,
  PEER_FORCES,
  PEER_GROUP,
  PREVIOUS,
  SATISFACTION_WINDOW,
  monthRange,
  readCsv,
  readHeader,
  round1,
} from './common';

const HEADERS: Record<string, string> = {
  'areas.csv': 'code,name,level,parent_code,population,population_year',
  'categories.csv': 'code,name,parent_code,kind,sensitive',
  'peer_groups.csv': 'group_code,area_code',
  'crimes.csv': 'month,area_code,category_code,recorded',
  'outcomes.csv': 'month,area_code,category_code,outcome_type,count',
  'investigations.csv': 'as_of,area_code,category_code,count',
  'satisfaction.csv': 'month,area_code,survey,aspect,respondents,satisfied',
  'objectives.csv': 'plan,area_code,measure,category_code,survey,target,harm',
  'plans.csv': 'code,name,financial_year',
};

type Period = { from: string; to: string };
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** The data set loaded from CSV, with tree-aware sums. */
class SeedData {
  areaChildren = new Map<string, string[]>();
  areaParent = new Map<string, string>();
  population = new Map<string, number>(); // code|year -> population ('' rows skipped)
  categoryChildren = new Map<string, string[]>();
  recorded = new Map<string, number>(); // area|category|month
  outcomes = new Map<string, number>(); // area|category|month (all types)
  investigations = new Map<string, number>(); // area|category|as_of
  satisfaction = new Map<string, { respondents: number; satisfied: number }>(); // area|survey|aspect|month
  peerGroup: string[] = [];
  crimeRows = readCsv('crimes.csv');
  satisfactionRows = readCsv('satisfaction.csv');

  constructor() {
    for (const r of readCsv('areas.csv')) {
      if (r.parent_code && !this.areaParent.has(r.code)) {
        this.areaParent.set(r.code, r.parent_code);
        this.areaChildren.set(r.parent_code, [...(this.areaChildren.get(r.parent_code) ?? []), r.code]);
      }
      if (r.population !== '') this.population.set(`${r.code}|${r.population_year}`, Number(r.population));
    }
    for (const r of readCsv('categories.csv')) {
      if (r.parent_code)
        this.categoryChildren.set(r.parent_code, [...(this.categoryChildren.get(r.parent_code) ?? []), r.code]);
    }
    for (const r of this.crimeRows)
      this.add(this.recorded, `${r.area_code}|${r.category_code}|${r.month}`, Number(r.recorded));
    for (const r of readCsv('outcomes.csv'))
      this.add(this.outcomes, `${r.area_code}|${r.category_code}|${r.month}`, Number(r.count));
    for (const r of readCsv('investigations.csv'))
      this.add(this.investigations, `${r.area_code}|${r.category_code}|${r.as_of}`, Number(r.count));
    for (const r of this.satisfactionRows) {
      this.satisfaction.set(`${r.area_code}|${r.survey}|${r.aspect}|${r.month}`, {
        respondents: Number(r.respondents),
        satisfied: Number(r.satisfied),
      });
    }
    this.peerGroup = readCsv('peer_groups.csv')
      .filter((r) => r.group_code === PEER_GROUP)
      .map((r) => r.area_code);
  }

  private add(map: Map<string, number>, k: string, v: number) {
    map.set(k, (map.get(k) ?? 0) + v);
  }

  subtree(children: Map<string, string[]>, root: string): string[] {
    return [root, ...(children.get(root) ?? []).flatMap((c) => this.subtree(children, c))];
  }

  private total(map: Map<string, number>, area: string, category: string, months: string[]): number {
    const areas = this.subtree(this.areaChildren, area);
    const cats = this.subtree(this.categoryChildren, category);
    let s = 0;
    for (const a of areas) for (const c of cats) for (const m of months) s += map.get(`${a}|${c}|${m}`) ?? 0;
    return s;
  }

  recordedIn(area: string, category: string, p: Period): number {
    return this.total(this.recorded, area, category, monthRange(p.from, p.to));
  }

  outcomesIn(area: string, category: string, p: Period): number {
    return this.total(this.outcomes, area, category, monthRange(p.from, p.to));
  }

  underInvestigation(area: string, category: string, asOf: string): number {
    return this.total(this.investigations, area, category, [asOf]);
  }

  populationOf(area: string, year: number): number {
    const own = this.population.get(`${area}|${year}`);
    if (own !== undefined) return own;
    return sum((this.areaChildren.get(area) ?? []).map((c) => this.populationOf(c, year)));
  }

  /** Satisfaction over the rolling 12 months to the window's end, for an area subtree. */
  satisfactionRate(area: string, survey: string, aspect: string): { rate: number; respondents: number } {
    let respondents = 0;
    let satisfied = 0;
    for (const a of this.subtree(this.areaChildren, area)) {
      for (const m of monthRange(SATISFACTION_WINDOW.from, SATISFACTION_WINDOW.to)) {
        const cell = this.satisfaction.get(`${a}|${survey}|${aspect}|${m}`);
        if (cell) {
          respondents += cell.respondents;
          satisfied += cell.satisfied;
        }
      }
    }
    return { rate: (satisfied / respondents) * 100, respondents };
  }
}

/** The performance figures of docs/domain.md for an area and category, C against P. */
function performance(d: SeedData, area: string, category: string) {
  const C = d.recordedIn(area, category, CURRENT);
  const P = d.recordedIn(area, category, PREVIOUS);
  const outcomesC = d.outcomesIn(area, category, CURRENT);
  const outcomesP = d.outcomesIn(area, category, PREVIOUS);
  return {
    C,
    P,
    change: C - P,
    percentChange: ((C - P) / P) * 100,
    gapToTarget: (reduction: number) => C - P * (1 - reduction / 100),
    outcomesC,
    outcomesP,
    outcomeRate: (outcomesC / C) * 100,
    previousOutcomeRate: (outcomesP / P) * 100,
    outcomesRequired: (target: number) => Math.max(0, Math.ceil((target / 100) * C - outcomesC - 1e-9)),
  };
}

function peerComparison(d: SeedData, area: string, category: string, p: Period) {
  const year = Number(p.to.slice(0, 4));
  const rate = (a: string) => (d.recordedIn(a, category, p) / d.populationOf(a, year)) * 1000;
  const rates = d.peerGroup.map(rate);
  const mean = sum(rates) / rates.length;
  const sd = Math.sqrt(sum(rates.map((r) => (r - mean) ** 2)) / rates.length);
  const own = rate(area);
  const band = own > mean + sd ? 'HIGHER' : own < mean - sd ? 'LOWER' : 'SIMILAR';
  return { rate: own, mean, sd, band };
}

function trend(d: SeedData, area: string, category: string, to: string, n = 6) {
  const months = monthRange(monthRange(FIRST_MONTH, to).slice(-n)[0], to);
  const ys = months.map((m) => d.recordedIn(area, category, { from: m, to: m }));
  const xMean = (n - 1) / 2;
  const yMean = sum(ys) / n;
  const slope = sum(ys.map((y, x) => (x - xMean) * (y - yMean))) / sum(ys.map((_, x) => (x - xMean) ** 2));
  const relative = (slope * (n - 1)) / yMean;
  return { slope, relative, direction: relative > 0.05 ? 'RISING' : relative < -0.05 ? 'FALLING' : 'STABLE', ys };
}

/** The classification of docs/domain.md: harm, one level lower when met or short by at most 1 point. */
function classify(harm: string, shortfallPoints: number): string {
  const levels = ['LOW', 'MEDIUM', 'HIGH'];
  const i = levels.indexOf(harm);
  return shortfallPoints <= 1 ? levels[Math.max(0, i - 1)] : harm;
}

interface Row {
  figure: string;
  report: string;
  computed: string;
  ok: boolean;
}

export function verifySeedData(): boolean {
  const rows: Row[] = [];
  const push = (figure: string, report: string, computed: string, ok: boolean) =>
    rows.push({ figure, report, computed, ok });
  const pct = (figure: string, report: number, value: number) =>
    push(
      figure,
      `${report.toFixed(1)}%`,
      `${value.toFixed(3)}% -> ${round1(value).toFixed(1)}`,
      round1(value) === report,
    );
  const count = (figure: string, report: number, value: number, tolerance = 2) =>
    push(
      figure,
      String(report),
      Number.isInteger(value) ? String(value) : value.toFixed(2),
      Math.abs(value - report) <= tolerance,
    );
  const within = (figure: string, report: string, value: number, lo: number, hi: number) =>
    push(figure, report, value.toFixed(3), value >= lo && value < hi);
  const check = (figure: string, report: string, computed: string, ok: boolean) => push(figure, report, computed, ok);

  const d = new SeedData();

  // ---- Integrity of the files --------------------------------------------------------------------------------
  for (const [file, header] of Object.entries(HEADERS))
    check(
      `header ${file}`,
      header.split(',').length + ' columns',
      readHeader(file) === header ? 'same' : readHeader(file),
      readHeader(file) === header,
    );
  for (const year of [2011, 2012, 2013]) {
    const lpuSum = sum(LPUS.map((l) => d.population.get(`${l.code}|${year}`) ?? NaN));
    const forcePop = d.population.get(`${FORCE}|${year}`) ?? NaN;
    check(`population ${year}: LPUs sum to force`, String(forcePop), String(lpuSum), lpuSum === forcePop);
  }
  const allMonths = monthRange(FIRST_MONTH, LAST_MONTH);
  const expectedSeries =
    [...LPUS.map((l) => l.code), ...PEER_FORCES].length * LEAF_CATEGORIES.length * allMonths.length;
  const leaves = new Set(LEAF_CATEGORIES);
  check(
    'crimes: every month of every series',
    String(expectedSeries),
    String(d.crimeRows.length),
    d.crimeRows.length === expectedSeries,
  );
  check(
    'facts only on leaf categories',
    'all leaves',
    d.crimeRows.every((r) => leaves.has(r.category_code)) ? 'all leaves' : 'non-leaf found',
    d.crimeRows.every((r) => leaves.has(r.category_code)),
  );
  const cells = new Map<string, Record<string, number>>();
  let satisfiedOk = true;
  let respondentsOk = true;
  for (const r of d.satisfactionRows) {
    if (Number(r.satisfied) > Number(r.respondents) || Number(r.satisfied) < 0) satisfiedOk = false;
    const k = `${r.month}|${r.area_code}|${r.survey}`;
    const cell = (cells.get(k) ?? cells.set(k, {}).get(k))!;
    cell.respondents ??= Number(r.respondents);
    if (cell.respondents !== Number(r.respondents)) respondentsOk = false;
    cell[r.aspect] = Number(r.satisfied);
  }
  check('satisfaction: satisfied <= respondents', 'always', satisfiedOk ? 'always' : 'violated', satisfiedOk);
  check(
    'satisfaction: same respondents for every aspect',
    'always',
    respondentsOk ? 'always' : 'violated',
    respondentsOk,
  );
  let allUsersOk = true;
  for (const [k, cell] of cells) {
    const [month, area, survey] = k.split('|');
    if (survey !== 'ALL_USERS') continue;
    const parts = ALL_USERS_PARTS.map((s) => cells.get(`${month}|${area}|${s}`)!);
    if (cell.respondents !== sum(parts.map((p) => p.respondents))) allUsersOk = false;
    for (const a of ASPECTS) if (cell[a] !== sum(parts.map((p) => p[a]))) allUsersOk = false;
  }
  check('ALL_USERS = BURGLARY + VEHICLE + VIOLENT', 'every row', allUsersOk ? 'every row' : 'differs', allUsersOk);
  for (const force of d.peerGroup) {
    const yearly =
      (d.recordedIn(force, 'ALL_CRIME', { from: '2012-12', to: '2013-11' }) / d.populationOf(force, 2013)) * 1000;
    within(`${force} all crime per 1,000 a year`, '55-80', yearly, 55, 80);
  }

  // ---- All crime ---------------------------------------------------------------------------------------------
  const all = performance(d, FORCE, 'ALL_CRIME');
  pct('All crime % change', 2.8, all.percentChange);
  count('All crime change', 1141, all.change);
  within('All crime gap to 5% reduction ("nearly 3,200")', '3,198-3,200', all.gapToTarget(5), 3198, 3200.0001);
  const city = performance(d, 'CITY', 'ALL_CRIME');
  const counties = performance(d, 'COUNTIES', 'ALL_CRIME');
  pct('City all crime % change', 2.0, city.percentChange);
  count('City all crime change', 397, city.change);
  pct('Counties all crime % change', 3.5, counties.percentChange);
  count('Counties all crime change', 744, counties.change);
  const detail: [string, string, number, number][] = [
    ['Shoplifting', 'SHOPLIFTING', 18.9, 685],
    ['Cycle theft', 'BICYCLE_THEFT', 22.1, 333],
    ['Violence with injury', 'VIOLENCE_WITH_INJURY', 12.8, 375],
    ['Sexual offences', 'SEXUAL_OFFENCES', 22.7, 146],
    ['Theft from motor vehicle', 'THEFT_FROM_MOTOR_VEHICLE', 8.0, 282],
    ['Theft from the person', 'THEFT_FROM_THE_PERSON', 33.5, 270],
    ['Burglary other than dwelling', 'BURGLARY_OTHER_THAN_DWELLING', 18.0, 416],
  ];
  for (const [name, code, p, n] of detail) {
    const f = performance(d, FORCE, code);
    pct(`${name} % change`, p, f.percentChange);
    count(`${name} change`, n, f.change);
  }
  pct('All crime outcome rate', 27.4, all.outcomeRate);
  pct('All crime outcome rate a year earlier', 33.2, all.previousOutcomeRate);
  count('All crime: fewer outcomes than a year earlier', 2098, all.outcomesP - all.outcomesC);
  const allLeavesOutcomes = sum(ALL_CRIME_LEAVES.map((c) => d.outcomesIn(FORCE, c, CURRENT)));
  check(
    'All crime outcomes = sum over ALL_CRIME leaves',
    String(all.outcomesC),
    String(allLeavesOutcomes),
    allLeavesOutcomes === all.outcomesC,
  );

  // ---- Domestic burglary -------------------------------------------------------------------------------------
  const db = performance(d, FORCE, 'DOMESTIC_BURGLARY');
  pct('Domestic burglary % change', -3.5, db.percentChange);
  count('Domestic burglary short of 13% reduction', 263, db.gapToTarget(13));
  const dbCity = performance(d, 'CITY', 'DOMESTIC_BURGLARY');
  const dbCounties = performance(d, 'COUNTIES', 'DOMESTIC_BURGLARY');
  pct('Domestic burglary City % change', -7.0, dbCity.percentChange);
  count('Domestic burglary City short of force target rate', 76, dbCity.gapToTarget(13));
  pct('Domestic burglary Counties % change', -0.6, dbCounties.percentChange);
  count('Domestic burglary Counties short of force target rate', 188, dbCounties.gapToTarget(13));
  const dbLpu = LPUS.map((l) => ({ code: l.code, ...performance(d, l.code, 'DOMESTIC_BURGLARY') }));
  const blaby = dbLpu.find((l) => l.code === 'BLABY')!;
  const hinckley = dbLpu.find((l) => l.code === 'HINCKLEY_BOSWORTH')!;
  pct('Domestic burglary Blaby % change', -26.6, blaby.percentChange);
  count('Domestic burglary Blaby change', -86, blaby.change);
  pct('Domestic burglary Hinckley % change', 47.5, hinckley.percentChange);
  count('Domestic burglary Hinckley change', 94, hinckley.change);
  const dbByPct = [...dbLpu].sort((a, b) => a.percentChange - b.percentChange);
  check(
    'Domestic burglary lowest LPU % change',
    'BLABY',
    dbByPct[0].code,
    dbByPct[0].code === 'BLABY' && dbByPct[1].percentChange > blaby.percentChange,
  );
  check(
    'Domestic burglary highest LPU % change',
    'HINCKLEY_BOSWORTH',
    dbByPct[11].code,
    dbByPct[11].code === 'HINCKLEY_BOSWORTH' && dbByPct[10].percentChange < hinckley.percentChange,
  );
  pct('Domestic burglary outcome rate', 16.8, db.outcomeRate);
  count('Domestic burglary outcomes required (25%)', 219, db.outcomesRequired(25), 0);
  pct('Domestic burglary City outcome rate', 16.4, dbCity.outcomeRate);
  pct('Domestic burglary Counties outcome rate', 17.1, dbCounties.outcomeRate);
  count('Domestic burglary under investigation', 522, d.underInvestigation(FORCE, 'DOMESTIC_BURGLARY', LAST_MONTH), 0);
  const dbPeer = peerComparison(d, FORCE, 'DOMESTIC_BURGLARY', { from: '2013-09', to: '2013-11' });
  check(
    'Domestic burglary vs MSG, 3 months to 2013-11',
    'SIMILAR',
    `${dbPeer.band} (${dbPeer.rate.toFixed(3)} vs ${dbPeer.mean.toFixed(3)} +/- ${dbPeer.sd.toFixed(3)})`,
    dbPeer.band === 'SIMILAR',
  );
  const dbTrend = trend(d, FORCE, 'DOMESTIC_BURGLARY', LAST_MONTH);
  check(
    'Domestic burglary trend',
    'RISING',
    `${dbTrend.direction} (${(dbTrend.relative * 100).toFixed(1)}%: ${dbTrend.ys.join(' ')})`,
    dbTrend.direction === 'RISING',
  );
  check(
    'Domestic burglary recorded classification',
    'HIGH',
    classify('HIGH', db.percentChange + 13),
    classify('HIGH', db.percentChange + 13) === 'HIGH',
  );
  check(
    'Domestic burglary outcomes classification',
    'HIGH',
    classify('HIGH', 25 - db.outcomeRate),
    classify('HIGH', 25 - db.outcomeRate) === 'HIGH',
  );

  // ---- Theft of motor vehicle --------------------------------------------------------------------------------
  const tomv = performance(d, FORCE, 'THEFT_OF_MOTOR_VEHICLE');
  pct('Theft of motor vehicle % change', 4.6, tomv.percentChange);
  count('Theft of motor vehicle change', 34, tomv.change);
  count('Theft of motor vehicle off 10% reduction', 109, tomv.gapToTarget(10));
  const tomvCity = performance(d, 'CITY', 'THEFT_OF_MOTOR_VEHICLE');
  const tomvCounties = performance(d, 'COUNTIES', 'THEFT_OF_MOTOR_VEHICLE');
  pct('Theft of motor vehicle City % change', 11.6, tomvCity.percentChange);
  count('Theft of motor vehicle City change', 36, tomvCity.change);
  pct('Theft of motor vehicle Counties % change (arithmetic)', -0.5, tomvCounties.percentChange);
  const tomvLpu = LPUS.map((l) => ({ code: l.code, ...performance(d, l.code, 'THEFT_OF_MOTOR_VEHICLE') }));
  const lpu = (code: string) => tomvLpu.find((l) => l.code === code)!;
  pct('Theft of motor vehicle Beaumont Leys % change', 41.3, lpu('BEAUMONT_LEYS').percentChange);
  count('Theft of motor vehicle Beaumont Leys change', 31, lpu('BEAUMONT_LEYS').change);
  pct('Theft of motor vehicle Harborough % change', 50.0, lpu('HARBOROUGH').percentChange);
  count('Theft of motor vehicle Harborough change', 13, lpu('HARBOROUGH').change);
  pct('Theft of motor vehicle North West Leics % change', -25.7, lpu('NORTH_WEST_LEICESTERSHIRE').percentChange);
  count('Theft of motor vehicle North West Leics change', -18, lpu('NORTH_WEST_LEICESTERSHIRE').change);
  const best = (f: (x: (typeof tomvLpu)[number]) => number) => {
    const sorted = [...tomvLpu].sort((a, b) => f(b) - f(a));
    return f(sorted[0]) > f(sorted[1]) ? sorted[0].code : `tie ${sorted[0].code}/${sorted[1].code}`;
  };
  check(
    'Theft of motor vehicle largest numerical increase',
    'BEAUMONT_LEYS',
    best((x) => x.change),
    best((x) => x.change) === 'BEAUMONT_LEYS',
  );
  check(
    'Theft of motor vehicle greatest % increase',
    'HARBOROUGH',
    best((x) => x.percentChange),
    best((x) => x.percentChange) === 'HARBOROUGH',
  );
  check(
    'Theft of motor vehicle greatest numerical reduction',
    'NORTH_WEST_LEICESTERSHIRE',
    best((x) => -x.change),
    best((x) => -x.change) === 'NORTH_WEST_LEICESTERSHIRE',
  );
  check(
    'Theft of motor vehicle greatest % reduction',
    'NORTH_WEST_LEICESTERSHIRE',
    best((x) => -x.percentChange),
    best((x) => -x.percentChange) === 'NORTH_WEST_LEICESTERSHIRE',
  );
  pct('Theft of motor vehicle outcome rate', 22.2, tomv.outcomeRate);
  within('Theft of motor vehicle outcome rate in [22.15, 22.25)', '22.2%', tomv.outcomeRate, 22.15, 22.25);
  count('Theft of motor vehicle outcomes required (23%)', 7, tomv.outcomesRequired(23), 0);
  pct('Theft of motor vehicle City outcome rate', 26.0, tomvCity.outcomeRate);
  pct('Theft of motor vehicle Counties outcome rate', 19.1, tomvCounties.outcomeRate);
  count(
    'Theft of motor vehicle under investigation',
    149,
    d.underInvestigation(FORCE, 'THEFT_OF_MOTOR_VEHICLE', LAST_MONTH),
    0,
  );
  const vehPeer = peerComparison(d, FORCE, 'VEHICLE_CRIME', { from: '2013-09', to: '2013-11' });
  check(
    'Vehicle crime vs MSG, 3 months to 2013-11',
    'SIMILAR',
    `${vehPeer.band} (${vehPeer.rate.toFixed(3)} vs ${vehPeer.mean.toFixed(3)} +/- ${vehPeer.sd.toFixed(3)})`,
    vehPeer.band === 'SIMILAR',
  );
  check(
    'Theft of motor vehicle recorded classification',
    'MEDIUM',
    classify('MEDIUM', tomv.percentChange + 10),
    classify('MEDIUM', tomv.percentChange + 10) === 'MEDIUM',
  );
  check(
    'Theft of motor vehicle outcomes classification',
    'LOW',
    classify('MEDIUM', 23 - tomv.outcomeRate),
    classify('MEDIUM', 23 - tomv.outcomeRate) === 'LOW',
  );

  // ---- Theft from motor vehicle ------------------------------------------------------------------------------
  const tfmv = performance(d, FORCE, 'THEFT_FROM_MOTOR_VEHICLE');
  pct('Theft from motor vehicle % change', 8.0, tfmv.percentChange);
  count('Theft from motor vehicle change', 282, tfmv.change);
  count('Theft from motor vehicle above 14% reduction', 775, tfmv.gapToTarget(14));
  const tfmvCity = performance(d, 'CITY', 'THEFT_FROM_MOTOR_VEHICLE');
  const tfmvCounties = performance(d, 'COUNTIES', 'THEFT_FROM_MOTOR_VEHICLE');
  pct('Theft from motor vehicle City % change', 8.9, tfmvCity.percentChange);
  count('Theft from motor vehicle City change', 124, tfmvCity.change);
  pct('Theft from motor vehicle Counties % change', 7.4, tfmvCounties.percentChange);
  count('Theft from motor vehicle Counties change', 158, tfmvCounties.change);
  pct('Theft from motor vehicle outcome rate', 8.0, tfmv.outcomeRate);
  within('Theft from motor vehicle outcome rate >= 8.0', '8.0%', tfmv.outcomeRate, 8.0, 8.05);
  count('Theft from motor vehicle outcomes required (9%)', 37, tfmv.outcomesRequired(9), 0);
  pct('Theft from motor vehicle City outcome rate', 11.4, tfmvCity.outcomeRate);
  pct('Theft from motor vehicle Counties outcome rate', 5.8, tfmvCounties.outcomeRate);
  const tfmvTrend = trend(d, FORCE, 'THEFT_FROM_MOTOR_VEHICLE', LAST_MONTH);
  check(
    'Theft from motor vehicle trend',
    'RISING',
    `${tfmvTrend.direction} (${(tfmvTrend.relative * 100).toFixed(1)}%: ${tfmvTrend.ys.join(' ')})`,
    tfmvTrend.direction === 'RISING',
  );
  check(
    'Theft from motor vehicle recorded classification',
    'MEDIUM',
    classify('MEDIUM', tfmv.percentChange + 14),
    classify('MEDIUM', tfmv.percentChange + 14) === 'MEDIUM',
  );
  check(
    'Theft from motor vehicle outcomes classification',
    'LOW',
    classify('MEDIUM', 9 - tfmv.outcomeRate),
    classify('MEDIUM', 9 - tfmv.outcomeRate) === 'LOW',
  );

  // ---- Violence with injury ----------------------------------------------------------------------------------
  const vwi = performance(d, FORCE, 'VIOLENCE_WITH_INJURY');
  pct('Violence with injury % change', 12.8, vwi.percentChange);
  count('Violence with injury short of 2% reduction', 434, vwi.gapToTarget(2));
  const vwiCity = performance(d, 'CITY', 'VIOLENCE_WITH_INJURY');
  const vwiCounties = performance(d, 'COUNTIES', 'VIOLENCE_WITH_INJURY');
  pct('Violence with injury City % change', 12.4, vwiCity.percentChange);
  count('Violence with injury City short of force target rate', 221, vwiCity.gapToTarget(2));
  pct('Violence with injury Counties % change', 13.1, vwiCounties.percentChange);
  count('Violence with injury Counties short of force target rate', 214, vwiCounties.gapToTarget(2));
  const vwiLpu = LPUS.map((l) => ({ code: l.code, ...performance(d, l.code, 'VIOLENCE_WITH_INJURY') }));
  const cc = vwiLpu.find((l) => l.code === 'CITY_CENTRE')!;
  const charnwood = vwiLpu.find((l) => l.code === 'CHARNWOOD')!;
  pct('Violence with injury City Centre % change', 26.9, cc.percentChange);
  count('Violence with injury City Centre change', 97, cc.change);
  pct('Violence with injury Charnwood % change', -4.8, charnwood.percentChange);
  count('Violence with injury Charnwood change', -9, charnwood.change);
  const vwiByPct = [...vwiLpu].sort((a, b) => a.percentChange - b.percentChange);
  check(
    'Violence with injury highest LPU % change',
    'CITY_CENTRE',
    vwiByPct[11].code,
    vwiByPct[11].code === 'CITY_CENTRE' && vwiByPct[10].percentChange < cc.percentChange,
  );
  check(
    'Violence with injury lowest LPU % change',
    'CHARNWOOD',
    vwiByPct[0].code,
    vwiByPct[0].code === 'CHARNWOOD' && vwiByPct[1].percentChange > charnwood.percentChange,
  );
  pct('Violence with injury outcome rate', 50.0, vwi.outcomeRate);
  within('Violence with injury outcome rate in [50.0, 50.05) (met)', '50%', vwi.outcomeRate, 50.0, 50.05);
  pct('Violence with injury City outcome rate', 51.8, vwiCity.outcomeRate);
  pct('Violence with injury Counties outcome rate', 48.0, vwiCounties.outcomeRate);
  const vwiPeer = peerComparison(d, FORCE, 'VIOLENCE_WITH_INJURY', { from: '2013-07', to: '2013-09' });
  check(
    'Violence with injury vs MSG, 3 months to 2013-09',
    'SIMILAR',
    `${vwiPeer.band} (${vwiPeer.rate.toFixed(3)} vs ${vwiPeer.mean.toFixed(3)} +/- ${vwiPeer.sd.toFixed(3)})`,
    vwiPeer.band === 'SIMILAR',
  );
  check(
    'Violence with injury recorded classification',
    'HIGH',
    classify('HIGH', vwi.percentChange + 2),
    classify('HIGH', vwi.percentChange + 2) === 'HIGH',
  );
  check(
    'Violence with injury outcomes classification',
    'MEDIUM',
    classify('HIGH', 50 - vwi.outcomeRate),
    classify('HIGH', 50 - vwi.outcomeRate) === 'MEDIUM',
  );

  // ---- Other threats -----------------------------------------------------------------------------------------
  const dv = performance(d, FORCE, 'DOMESTIC_VIOLENCE');
  pct('Domestic violence outcome rate', 50.0, dv.outcomeRate);
  within('Domestic violence outcome rate in [50.0, 50.05) (met)', '50%', dv.outcomeRate, 50.0, 50.05);
  const hate = performance(d, FORCE, 'HATE_CRIME');
  pct('Hate crime outcome rate', 44.6, hate.outcomeRate);
  count('Hate crime outcomes required (55%)', 68, hate.outcomesRequired(55), 0);

  // ---- Satisfaction, rolling 12 months to 2013-11 ------------------------------------------------------------
  const sat: [string, string, number][] = [
    ['ALL_USERS', 'WHOLE_EXPERIENCE', 85.0],
    ['ALL_USERS', 'ACTIONS', 82.8],
    ['ALL_USERS', 'FOLLOW_UP', 78.8],
    ['BURGLARY', 'WHOLE_EXPERIENCE', 90.0],
    ['VEHICLE', 'WHOLE_EXPERIENCE', 87.4],
    ['VEHICLE', 'ACTIONS', 82.6],
    ['VEHICLE', 'FOLLOW_UP', 78.0],
    ['VIOLENT', 'WHOLE_EXPERIENCE', 78.6],
    ['RACIST_INCIDENT', 'WHOLE_EXPERIENCE', 81.1],
    ['ASB', 'WHOLE_EXPERIENCE', 80.1],
    ['ASB', 'ACTIONS', 73.7],
    ['ASB', 'FOLLOW_UP', 63.1],
  ];
  for (const [survey, aspect, report] of sat)
    pct(`Satisfaction ${survey} ${aspect}`, report, d.satisfactionRate(FORCE, survey, aspect).rate);
  within(
    'Satisfaction ALL_USERS in [85.0, 85.05) (met)',
    '85.0%',
    d.satisfactionRate(FORCE, 'ALL_USERS', 'WHOLE_EXPERIENCE').rate,
    85.0,
    85.05,
  );
  within(
    'Satisfaction BURGLARY in [90.0, 90.05) (met)',
    '90%',
    d.satisfactionRate(FORCE, 'BURGLARY', 'WHOLE_EXPERIENCE').rate,
    90.0,
    90.05,
  );

  // ---- Peer bands elsewhere are not all SIMILAR --------------------------------------------------------------
  const bands = ['SHOPLIFTING', 'BICYCLE_THEFT', 'CRIMINAL_DAMAGE_AND_ARSON', 'ROBBERY'].map(
    (c) => `${c}:${peerComparison(d, FORCE, c, { from: '2013-09', to: '2013-11' }).band}`,
  );
  check(
    'Leicestershire bands on other categories',
    'some HIGHER/LOWER',
    bands.join(' '),
    bands.some((b) => !b.endsWith('SIMILAR')),
  );

  // ---- Print ----------------------------------------------------------------------------------------------------
  const w = [
    Math.max(...rows.map((r) => r.figure.length)),
    Math.max(...rows.map((r) => r.report.length)),
    Math.max(...rows.map((r) => r.computed.length)),
  ];
  const line = (a: string, b: string, c: string, e: string) =>
    `| ${a.padEnd(w[0])} | ${b.padEnd(w[1])} | ${c.padEnd(w[2])} | ${e.padEnd(4)} |`;
  console.log(line('figure', 'report', 'computed', 'OK'));
  console.log(`|${'-'.repeat(w[0] + 2)}|${'-'.repeat(w[1] + 2)}|${'-'.repeat(w[2] + 2)}|------|`);
  for (const r of rows) console.log(line(r.figure, r.report, r.computed, r.ok ? 'OK' : 'FAIL'));
  const failed = rows.filter((r) => !r.ok).length;
  console.log(`\n${rows.length - failed} OK, ${failed} FAIL`);
  return failed === 0;
}

if (require.main === module) {
  if (!verifySeedData()) process.exitCode = 1;
}
