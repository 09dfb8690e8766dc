/**
 * data.police.uk street-level import on a real store with the seed loaded (crime type mapping
 * and Leicestershire LSOA lookup included):
 * - the three real Leicestershire months: the figures the API serves for every month, area
 *   (force, BCUs, LPUs) and category equal an independent count of the files' rows, made here
 *   with a separate parser and the seed's lookup and mapping files, quirks included (ASB rows
 *   with no Crime ID, "No Location" rows, LSOAs outside the force);
 * - the tiny Avon and Somerset and Bedfordshire files (no final newline; Bedfordshire is not in
 *   the seed, so it is rejected until the area is imported);
 * - re-import replaces: the same file twice changes nothing, a corrected file replaces the
 *   counts exactly, cells it no longer has are removed, facts outside its scope are untouched;
 * - bad files rejected whole, every bad row listed with file, line and column, nothing written;
 * - the audit entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textChunks } from '../../src/import/csv';
import { importCsv } from '../../src/import/import.service';
import { ImportRejectedError } from '../../src/import/result';
import { fileChunks, findStreetFiles } from '../../src/import/files';
import { importPoliceUk, normaliseForceName, type PoliceUkImportResult } from '../../src/import/police-uk';
import { createApiKey } from '../../src/auth/api-keys';
import { SEED_DIR } from '../../src/config/paths';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const REAL = join(__dirname, '..', '..', '..', 'shared', 'data', 'real');
const LEICS_DIR = join(REAL, 'sanjiv576__Data_Science_Assginment_Recommendation_System', 'crime_file');
const TINY_DIR = join(
  REAL,
  'LucianRadulescu__UKCrimeDataWithSpark',
  'src',
  'test',
  'resources',
  'Test_CSV_Resources',
  'UK_CrimeData',
  '2018-01',
);
const LEICS_FILES = findStreetFiles([LEICS_DIR]);
const MONTHS = ['2021-11', '2021-12', '2022-01'];

let server: TestServer;
let auth: Record<string, string>;
const prisma = () => server.db.prisma;
const sql = <T = Record<string, unknown>>(query: string, ...params: unknown[]) =>
  prisma().$queryRawUnsafe<T[]>(query, ...params);

beforeAll(async () => {
  server = await startTestServer();
  const { key } = await createApiKey(
    prisma(),
    { name: 'police-uk-analyst', role: 'ANALYST' },
    { actor: 'cli', role: null },
  );
  auth = { authorization: `Bearer ${key}` };
});
afterAll(() => server.close());

// ---------------------------------------------------------------------------------------------
// An independent count: its own CSV parse, the seed's lookup and mapping files read directly.

/** One CSV line into fields: quoted fields (with commas and doubled quotes) or plain ones. */
function splitLine(line: string): string[] {
  const fields: string[] = [];
  const re = /(?:"((?:[^"]|"")*)"|([^,]*))(,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    fields.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
    if (m[3] === '') break;
  }
  return fields;
}

function readRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const columns = splitLine(header);
  return lines.map((l) => {
    const f = splitLine(l);
    // The tiny 2018 files drop the last, always empty, Context field on their last line.
    if (f.length === columns.length - 1 && columns[columns.length - 1] === 'Context') f.push('');
    expect(f).toHaveLength(columns.length);
    return Object.fromEntries(columns.map((c, i) => [c, f[i]]));
  });
}

const seed = (kind: string) => readRows(join(SEED_DIR, `${kind}.csv`));
const lsoaArea = new Map(seed('lsoa_lookup').map((r) => [r.lsoa_code, r.area_code]));
const typeCategory = new Map(seed('crime_type_mapping').map((r) => [r.crime_type, r.category_code]));
const categoryParent = new Map(seed('categories').map((r) => [r.code, r.parent_code || null]));
const areaParent = new Map(seed('areas').map((r) => [r.code, r.parent_code || null]));
const ancestors = (parents: Map<string, string | null>, code: string) => {
  const out = [code];
  for (let p = parents.get(code); p; p = parents.get(p)) out.push(p);
  return out;
};

interface Expected {
  /** month|area|category → count, summed to every ancestor area and category. */
  figures: Map<string, number>;
  rows: Record<string, number>;
  noLsoa: Record<string, number>;
  outside: Record<string, number>;
  asbWithoutId: Record<string, number>;
}

function countFiles(files: string[]): Expected {
  const e: Expected = { figures: new Map(), rows: {}, noLsoa: {}, outside: {}, asbWithoutId: {} };
  const add = (rec: Record<string, number>, k: string) => (rec[k] = (rec[k] ?? 0) + 1);
  for (const file of files) {
    for (const r of readRows(file)) {
      const month = r['Month'];
      add(e.rows, month);
      expect(r['Falls within']).toBe('Leicestershire Police');
      const category = typeCategory.get(r['Crime type']);
      if (!category) throw new Error(`no mapping for ${r['Crime type']}`);
      if (r['Crime type'] === 'Anti-social behaviour' && r['Crime ID'] === '') add(e.asbWithoutId, month);
      let area = 'LEICESTERSHIRE';
      if (r['LSOA code'] === '') add(e.noLsoa, month);
      else if (lsoaArea.has(r['LSOA code'])) area = lsoaArea.get(r['LSOA code'])!;
      else add(e.outside, month);
      for (const a of ancestors(areaParent, area)) {
        for (const c of ancestors(categoryParent, category)) {
          const key = `${month}|${a}|${c}`;
          e.figures.set(key, (e.figures.get(key) ?? 0) + 1);
        }
      }
    }
  }
  return e;
}

const expected = countFiles(LEICS_FILES);
const LEICS_AREAS = [
  'LEICESTERSHIRE',
  ...[...areaParent]
    .filter(([code]) => ancestors(areaParent, code).includes('LEICESTERSHIRE') && code !== 'LEICESTERSHIRE')
    .map(([c]) => c),
];
const CATEGORIES = [...categoryParent.keys()];

/** recorded for every (area, category) of Leicestershire in one month, from the API, in one request. */
async function apiFigures(month: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const area of LEICS_AREAS) {
    const fields = CATEGORIES.map(
      (c) => `${c}: performance(area: "${area}", category: "${c}", period: $period) { recorded }`,
    );
    const query = `query($period: PeriodInput!) { ${fields.join(' ')} }`;
    const data = dataOf(await server.gql(query, { period: { month } }, auth));
    for (const c of CATEGORIES) out.set(`${month}|${area}|${c}`, data[c].recorded);
  }
  return out;
}

function expectedFor(month: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const area of LEICS_AREAS)
    for (const c of CATEGORIES) out.set(`${month}|${area}|${c}`, expected.figures.get(`${month}|${area}|${c}`) ?? 0);
  return out;
}

const sources = (files: string[]) => files.map((f) => ({ name: f.split('/').pop()!, chunks: fileChunks(f) }));

/** Rows and totals of the tables an import writes, to prove a rejected one wrote nothing. */
async function snapshot() {
  type Snapshot = { crimes: number; recorded: number; rollup: number; rollup_recorded: string; audit: number };
  const [row] = await sql<Snapshot>(`SELECT (SELECT count(*) FROM recorded_crime)::int AS crimes,
    (SELECT coalesce(sum(recorded), 0) FROM recorded_crime)::int AS recorded,
    (SELECT count(*) FROM fact_rollup)::int AS rollup,
    (SELECT coalesce(sum(recorded), 0) FROM fact_rollup)::bigint::text AS rollup_recorded,
    (SELECT count(*) FROM audit_log)::int AS audit`);
  return row;
}

async function rejectedWith(run: () => Promise<unknown>): Promise<PoliceUkImportResult> {
  const before = await snapshot();
  const error = await run().then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  expect(await snapshot()).toEqual(before);
  return (error as ImportRejectedError).result as PoliceUkImportResult;
}

/** Every fact_rollup row equals the sums recomputed from the base tables. */
async function rollupsAgree(): Promise<void> {
  const [diff] = await sql(`WITH f AS (
      SELECT area_id, category_id, month, sum(recorded) AS recorded, sum(outcomes) AS outcomes FROM (
        SELECT area_id, category_id, month, recorded, 0 AS outcomes FROM recorded_crime
        UNION ALL SELECT area_id, category_id, month, 0, count FROM crime_outcome) u GROUP BY 1, 2, 3),
    expected AS (SELECT cc.ancestor_id AS category_id, ac.ancestor_id AS area_id, f.month,
      sum(f.recorded)::int AS recorded, sum(f.outcomes)::int AS outcomes
      FROM f JOIN area_closure ac ON ac.descendant_id = f.area_id JOIN category_closure cc
        ON cc.descendant_id = f.category_id GROUP BY 1, 2, 3)
    SELECT (SELECT count(*) FROM (SELECT * FROM expected
             EXCEPT SELECT category_id, area_id, month, recorded, outcomes FROM fact_rollup) x)::int AS missing,
           (SELECT count(*) FROM (SELECT category_id, area_id, month, recorded, outcomes FROM fact_rollup
             EXCEPT SELECT * FROM expected) y)::int AS extra`);
  expect(diff).toEqual({ missing: 0, extra: 0 });
}

// ---------------------------------------------------------------------------------------------

describe('the independent count of the real files', () => {
  it('sees the quirks the files are known for', () => {
    expect(expected.rows).toEqual({ '2021-11': 8718, '2021-12': 8185, '2022-01': 8730 });
    // ASB rows have no Crime ID; every month has No Location rows and LSOAs outside the force.
    for (const m of MONTHS) {
      expect(expected.asbWithoutId[m]).toBeGreaterThan(500);
      expect(expected.noLsoa[m]).toBeGreaterThan(40);
      expect(expected.outside[m]).toBeGreaterThan(10);
    }
    expect(expected.asbWithoutId).toEqual({ '2021-11': 716, '2021-12': 618, '2022-01': 726 });
    expect(expected.noLsoa).toEqual({ '2021-11': 64, '2021-12': 56, '2022-01': 46 });
    expect(expected.outside).toEqual({ '2021-11': 19, '2021-12': 23, '2022-01': 20 });
  });
});

describe('the three real Leicestershire months', () => {
  let result: PoliceUkImportResult;

  beforeAll(async () => {
    result = await importPoliceUk(prisma(), sources(LEICS_FILES));
  });

  it('reports rows read, per month, per level, without LSOA and outside the lookup', () => {
    expect(result.rowsRead).toBe(8718 + 8185 + 8730);
    expect(result.rowsCounted).toBe(result.rowsRead);
    expect(result.files.map((f) => [f.name, f.rowsRead, f.months])).toEqual([
      ['2021-11-leicestershire-street.csv', 8718, ['2021-11']],
      ['2021-12-leicestershire-street.csv', 8185, ['2021-12']],
      ['2022-01-leicestershire-street.csv', 8730, ['2022-01']],
    ]);
    expect(result.months).toEqual(
      MONTHS.map((month) => ({
        month,
        rows: expected.rows[month],
        rowsAtForceLevel: expected.noLsoa[month] + expected.outside[month],
        rowsInLowerAreas: expected.rows[month] - expected.noLsoa[month] - expected.outside[month],
      })),
    );
    const atForce = MONTHS.reduce((s, m) => s + expected.noLsoa[m] + expected.outside[m], 0);
    expect(result.byLevel).toEqual([
      { level: 'LPU', rows: result.rowsRead - atForce },
      { level: 'FORCE', rows: atForce },
    ]);
    expect(result.byForce).toEqual([
      { area: 'LEICESTERSHIRE', fallsWithin: 'Leicestershire Police', rows: result.rowsRead },
    ]);
    expect(result.rowsWithoutLsoa).toBe(64 + 56 + 46);
    expect(result.rowsOutsideLookup).toBe(19 + 23 + 20);
    expect(result.outsideLookup.reduce((s, l) => s + l.rows, 0)).toBe(result.rowsOutsideLookup);
    expect(result.outsideLookup.map((l) => l.lsoaName)).toEqual(
      expect.arrayContaining([
        'Wandsworth 015B',
        expect.stringMatching(/^South Kesteven /),
        expect.stringMatching(/^Rushcliffe /),
      ]),
    );
    expect(result.inserted).toBeGreaterThan(400);
    expect(result).toMatchObject({ replaced: 0, removed: 0, rejected: 0, errors: [], dryRun: false });
  });

  it.each(MONTHS)(
    '%s: every figure the API serves (force, BCUs, LPUs x every category) equals the independent count',
    async (month) => {
      const api = await apiFigures(month);
      const want = expectedFor(month);
      const differences = [...want]
        .filter(([k, v]) => api.get(k) !== v)
        .map(([k, v]) => `${k}: api ${api.get(k)}, count ${v}`);
      expect(differences).toEqual([]);
      // Not vacuous: the force's month, all crime and ASB, and the LPUs add up to less (force-level rows).
      const all = want.get(`${month}|LEICESTERSHIRE|ALL_CRIME`)!;
      const asb = want.get(`${month}|LEICESTERSHIRE|ANTI_SOCIAL_BEHAVIOUR`)!;
      expect(all + asb).toBe(expected.rows[month]);
      expect(asb).toBe(expected.asbWithoutId[month]);
      const lpus = LEICS_AREAS.filter((a) => areaParent.get(a) === 'CITY' || areaParent.get(a) === 'COUNTIES');
      expect(lpus).toHaveLength(12);
      const inLpus = lpus.reduce(
        (s, a) => s + want.get(`${month}|${a}|ALL_CRIME`)! + want.get(`${month}|${a}|ANTI_SOCIAL_BEHAVIOUR`)!,
        0,
      );
      expect(expected.rows[month] - inLpus).toBe(expected.noLsoa[month] + expected.outside[month]);
      expect(lpus.every((a) => want.get(`${month}|${a}|ALL_CRIME`)! > 50)).toBe(true);
    },
  );

  it('the monthly totals: force all crime and ASB per month', async () => {
    const query = `query { ${MONTHS.map(
      (m, i) =>
        `all${i}: performance(area: "LEICESTERSHIRE", category: "ALL_CRIME",
         period: { month: "${m}" }) { recorded } asb${i}: performance(area: "LEICESTERSHIRE",
         category: "ANTI_SOCIAL_BEHAVIOUR", period: { month: "${m}" }) { recorded }`,
    ).join(' ')} }`;
    const data = dataOf(await server.gql(query, {}, auth));
    expect(MONTHS.map((m, i) => [m, data[`all${i}`].recorded, data[`asb${i}`].recorded])).toEqual([
      ['2021-11', 8002, 716],
      ['2021-12', 7567, 618],
      ['2022-01', 8004, 726],
    ]);
  });

  it('the rollups agree with the base rows', () => rollupsAgree());

  it('is in the audit log as IMPORT_POLICE_UK by cli, with the files and rows', async () => {
    const [entry] = await sql(
      `SELECT actor, role, action, target, rows, details FROM audit_log WHERE action = 'IMPORT_POLICE_UK'
       ORDER BY id DESC LIMIT 1`,
    );
    const details = typeof entry.details === 'string' ? JSON.parse(entry.details) : entry.details;
    expect(entry).toMatchObject({
      actor: 'cli',
      role: null,
      action: 'IMPORT_POLICE_UK',
      target: 'police_uk',
      rows: result.inserted,
    });
    expect(details).toMatchObject({
      files: result.files.map((f) => f.name),
      months: MONTHS,
      rowsRead: result.rowsRead,
      inserted: result.inserted,
      replaced: 0,
    });
  });
});

describe('re-importing replaces', () => {
  const NOV = LEICS_FILES[0];

  it('the same file again changes nothing: every cell replaced by itself', async () => {
    const before = await snapshot();
    const again = await importPoliceUk(prisma(), sources([NOV]));
    expect(again).toMatchObject({ inserted: 0, removed: 0, rowsRead: 8718 });
    expect(again.replaced).toBeGreaterThan(150);
    const after = await snapshot();
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
    expect(after.audit).toBe(before.audit + 1);
  });

  it('a corrected file replaces the month: changed counts follow, dropped cells go, the rest stays', async () => {
    const text = readFileSync(NOV, 'utf8');
    const lines = text.split('\r\n');
    // Drop every robbery; turn the first 10 shoplifting rows into bicycle thefts.
    let turned = 0;
    const corrected = lines
      .filter((l) => !l.includes(',Robbery,'))
      .map((l) => (l.includes(',Shoplifting,') && turned++ < 10 ? l.replace(',Shoplifting,', ',Bicycle theft,') : l))
      .join('\r\n');
    const robberyCells = await sql(
      `SELECT count(*)::int AS n FROM recorded_crime rc JOIN crime_category c ON c.id = rc.category_id
       WHERE c.code = 'ROBBERY' AND rc.month = 202111`,
    );
    expect(robberyCells[0].n).toBeGreaterThan(5);
    const seedBefore = await sql(
      `SELECT count(*)::int AS n, sum(recorded)::int AS total FROM recorded_crime WHERE month < 202111`,
    );
    const decemberBefore = await sql(
      `SELECT count(*)::int AS n, sum(recorded)::int AS total FROM recorded_crime WHERE month = 202112`,
    );

    const result = await importPoliceUk(prisma(), [{ name: 'corrected.csv', chunks: textChunks(corrected) }]);
    expect(result.removed).toBe(robberyCells[0].n);
    const november = countFiles([NOV]).figures;
    const want = (code: string) => november.get(`2021-11|LEICESTERSHIRE|${code}`) ?? 0;
    const query = `{ r: performance(area: "LEICESTERSHIRE", category: "ROBBERY",
      period: { month: "2021-11" }) { recorded }
      s: performance(area: "LEICESTERSHIRE", category: "SHOPLIFTING", period: { month: "2021-11" }) { recorded }
      b: performance(area: "LEICESTERSHIRE", category: "BICYCLE_THEFT", period: { month: "2021-11" }) { recorded }
      all: performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: { month: "2021-11" }) { recorded } }`;
    const data = dataOf(await server.gql(query, {}, auth));
    expect(data).toEqual({
      r: { recorded: 0 },
      s: { recorded: want('SHOPLIFTING') - 10 },
      b: { recorded: want('BICYCLE_THEFT') + 10 },
      all: { recorded: want('ALL_CRIME') - want('ROBBERY') },
    });
    expect(
      await sql(`SELECT count(*)::int AS n, sum(recorded)::int AS total FROM recorded_crime WHERE month < 202111`),
    ).toEqual(seedBefore);
    expect(
      await sql(`SELECT count(*)::int AS n, sum(recorded)::int AS total FROM recorded_crime WHERE month = 202112`),
    ).toEqual(decemberBefore);
    await rollupsAgree();

    // The original file puts everything back.
    const restored = await importPoliceUk(prisma(), sources([NOV]));
    expect(restored.inserted).toBe(robberyCells[0].n);
    const month = await apiFigures('2021-11');
    expect([...expectedFor('2021-11')].filter(([k, v]) => month.get(k) !== v)).toEqual([]);
  });

  it('touches only categories the mapping maps to: a canonical fact on a leaf below them stays', async () => {
    await importCsv(prisma(), 'crimes', 'month,area_code,category_code,recorded\n2021-11,BLABY,DOMESTIC_BURGLARY,5\n');
    await importPoliceUk(prisma(), sources([NOV]));
    const [row] =
      await sql(`SELECT recorded FROM recorded_crime rc JOIN area a ON a.id = rc.area_id JOIN crime_category c
        ON c.id = rc.category_id
      WHERE a.code = 'BLABY' AND c.code = 'DOMESTIC_BURGLARY' AND rc.month = 202111`);
    expect(row.recorded).toBe(5);
    await prisma().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(
        `DELETE FROM recorded_crime WHERE month = 202111 AND area_id = (SELECT id FROM area WHERE code = 'BLABY')
         AND category_id = (SELECT id FROM crime_category WHERE code = 'DOMESTIC_BURGLARY')`,
      );
    });
    await importPoliceUk(prisma(), sources([NOV])); // refreshes the month's rollups
  });

  it('a dry run reports the same and writes nothing', async () => {
    const before = await snapshot();
    const dry = await importPoliceUk(prisma(), sources(LEICS_FILES), { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, rowsRead: 25633, inserted: 0, removed: 0 });
    expect(dry.months.map((m) => m.rows)).toEqual(MONTHS.map((m) => expected.rows[m]));
    expect(await snapshot()).toEqual(before);
  });
});

describe('the tiny Avon and Somerset and Bedfordshire files', () => {
  const files = readdirSync(TINY_DIR)
    .filter((f) => f.endsWith('-street.csv'))
    .sort()
    .map((f) => join(TINY_DIR, f));

  it('Bedfordshire is not a seed area: both files are rejected, naming the force on each of its lines', async () => {
    expect(files.map((f) => f.split('/').pop())).toEqual([
      '2018-01-avon-and-somerset-street.csv',
      '2018-01-bedfordshire-street.csv',
    ]);
    const result = await rejectedWith(() => importPoliceUk(prisma(), sources(files)));
    expect(result.rejected).toBe(6);
    expect(result.errors.map((e) => [e.file, e.line, e.column, e.value])).toEqual(
      [2, 3, 4, 5, 6, 7].map((line) => [
        '2018-01-bedfordshire-street.csv',
        line,
        'Falls within',
        'Bedfordshire Police',
      ]),
    );
    expect(result.errors[0].reason).toContain('unknown force "Bedfordshire Police"');
  });

  it('their last line leaves out the empty Context field, comma and all', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text.endsWith('\n')).toBe(false);
      expect(text.split('\n').pop()!.split(',')).toHaveLength(11);
    }
  });

  it('with the area imported, both land at force level (no lookup for their LSOAs)', async () => {
    await importCsv(
      prisma(),
      'areas',
      'code,name,level,parent_code,population,population_year\nBEDFORDSHIRE,Bedfordshire Police,FORCE,,,\n',
    );
    const result = await importPoliceUk(prisma(), sources(files));
    expect(result.byForce).toEqual([
      { area: 'AVON_AND_SOMERSET', fallsWithin: 'Avon and Somerset Constabulary', rows: 6 },
      { area: 'BEDFORDSHIRE', fallsWithin: 'Bedfordshire Police', rows: 6 },
    ]);
    expect(result).toMatchObject({
      rowsRead: 12,
      rowsCounted: 12,
      rowsWithoutLsoa: 0,
      rowsOutsideLookup: 12,
      byLevel: [{ level: 'FORCE', rows: 12 }],
    });
    expect(result.months).toEqual([{ month: '2018-01', rows: 12, rowsInLowerAreas: 0, rowsAtForceLevel: 12 }]);
    const query = `{ a: performance(area: "AVON_AND_SOMERSET", category: "ALL_CRIME",
      period: { month: "2018-01" }) { recorded }
      av: performance(area: "AVON_AND_SOMERSET", category: "VIOLENCE_AND_SEXUAL_OFFENCES_UNSPLIT",
        period: { month: "2018-01" }) { recorded }
      ao: performance(area: "AVON_AND_SOMERSET", category: "OTHER_THEFT", period: { month: "2018-01" }) { recorded }
      b: performance(area: "BEDFORDSHIRE", category: "ALL_CRIME", period: { month: "2018-01" }) { recorded }
      bv: performance(area: "BEDFORDSHIRE", category: "VEHICLE_CRIME", period: { month: "2018-01" }) { recorded }
      bd: performance(area: "BEDFORDSHIRE", category: "DRUG_OFFENCES", period: { month: "2018-01" }) { recorded } }`;
    expect(dataOf(await server.gql(query, {}, auth))).toEqual({
      a: { recorded: 6 },
      av: { recorded: 2 },
      ao: { recorded: 2 },
      b: { recorded: 6 },
      bv: { recorded: 3 },
      bd: { recorded: 1 },
    });
  });
});

describe('a bad file is rejected whole, every bad row listed, nothing written', () => {
  const HEADER =
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,' +
    'LSOA code,LSOA name,Crime type,Last outcome category,Context';
  const row = (over: Partial<Record<'month' | 'force' | 'lsoa' | 'type', string>> = {}) =>
    `abc,${over.month ?? '2022-02'},Leicestershire Police,${over.force ?? 'Leicestershire Police'},` +
    `-1.1,52.6,On or near Somewhere,${over.lsoa ?? 'E01025631'},Blaby 002A,` +
    `${over.type ?? 'Burglary'},Under investigation,`;
  const file = (...rows: string[]) => [{ name: 'bad.csv', chunks: textChunks([HEADER, ...rows].join('\r\n')) }];

  it('an unknown crime type: a mapping must be loaded first; with one, the same file imports', async () => {
    const text = [row(), row({ type: 'Piracy' }), row(), row({ type: 'Piracy' })];
    const result = await rejectedWith(() => importPoliceUk(prisma(), file(...text)));
    expect(result.errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [3, 'Crime type', 'Piracy'],
      [5, 'Crime type', 'Piracy'],
    ]);
    expect(result.errors[0].reason).toContain('crime_type_mapping');
    await importCsv(prisma(), 'crime_type_mapping', 'crime_type,category_code\nPiracy,MISC_CRIMES_AGAINST_SOCIETY\n');
    const ok = await importPoliceUk(prisma(), file(...text));
    expect(ok.rowsCounted).toBe(4);
    // Written around the API, as `npm run import` does: moving the data version makes the server see the new month.
    await server.app.services.dataVersion.bump();
    const data = dataOf(
      await server.gql(
        `{ performance(area: "BLABY", category: "MISC_CRIMES_AGAINST_SOCIETY",
         period: { month: "2022-02" }) { recorded } }`,
        {},
        auth,
      ),
    );
    expect(data.performance.recorded).toBe(2);
  });

  it('bad months, unknown forces, missing fields: each listed with its line and column', async () => {
    const result = await rejectedWith(() =>
      importPoliceUk(
        prisma(),
        file(
          row(),
          row({ month: '2022-13' }),
          row({ force: 'Atlantis Constabulary' }),
          'abc,2022-02,too,few',
          row({ month: 'Feb 2022', type: 'Nonsense' }),
        ),
      ),
    );
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'Month'],
      [4, 'Falls within'],
      [5, null],
      [6, 'Month'],
      [6, 'Crime type'],
    ]);
    expect(result.rejected).toBe(4);
    expect(result.errors[2].reason).toBe('expected 12 fields, found 4');
  });

  it('a wrong header, or an empty file', async () => {
    const wrong = await rejectedWith(() =>
      importPoliceUk(prisma(), [
        { name: 'x.csv', chunks: textChunks('month,area_code,category_code,recorded\n2022-02,BLABY,ROBBERY,1\n') },
      ]),
    );
    expect(wrong.errors.map((e) => [e.file, e.line, e.column])).toEqual([['x.csv', 1, null]]);
    expect(wrong.errors[0].reason).toContain('expected Crime ID,Month,');
    const empty = await rejectedWith(() => importPoliceUk(prisma(), [{ name: 'empty.csv', chunks: textChunks('') }]));
    expect(empty.errors[0].reason).toContain('empty');
  });

  it('one bad file rejects every file of the call', async () => {
    const result = await rejectedWith(() =>
      importPoliceUk(prisma(), [...sources([LEICS_FILES[1]]), ...file(row({ month: 'never' }))]),
    );
    expect(result.errors.map((e) => [e.file, e.line])).toEqual([['bad.csv', 2]]);
    expect(result.files.map((f) => f.rowsRead)).toEqual([8185, 1]);
  });
});

describe('force names', () => {
  it('read alike whatever the suffix, case, "&" or underscores', () => {
    expect(normaliseForceName('Leicestershire Police')).toBe('leicestershire');
    expect(normaliseForceName('LEICESTERSHIRE')).toBe('leicestershire');
    expect(normaliseForceName('Avon and Somerset Constabulary')).toBe('avon and somerset');
    expect(normaliseForceName('AVON_AND_SOMERSET')).toBe('avon and somerset');
    expect(normaliseForceName('Avon & Somerset Police')).toBe('avon and somerset');
    expect(normaliseForceName('Police Service of Northern Ireland')).toBe('police service of northern ireland');
  });
});
