/**
 * A real store from nothing (PGlite, or PostgreSQL with DATABASE_URL): empty at first (no demo
 * data), then the reference data (data/reference, one transaction, idempotent), then real
 * data.police.uk street files (test/fixtures/police-uk) through the import service. The force
 * figures the API serves equal an independent count of the files made here: a plain CSV parse,
 * rows per force, month and crime type, mapped with data/reference's own files.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../../src/auth/api-keys';
import { REFERENCE_DIR } from '../../src/config/paths';
import { fileChunks } from '../../src/import/files';
import { ImportRejectedError } from '../../src/import/result';
import { importPoliceUk, normaliseForceName } from '../../src/import/police-uk';
import { loadReferenceData } from '../../src/import/reference';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const FIXTURES = join(__dirname, '..', 'fixtures', 'police-uk');
const STREET_FILES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('-street.csv'))
  .sort()
  .map((f) => join(FIXTURES, f));

let server: TestServer;
let auth: Record<string, string>;
const sql = <T = Record<string, unknown>>(query: string, ...params: unknown[]) =>
  server.db.prisma.$queryRawUnsafe<T[]>(query, ...params);

beforeAll(async () => {
  server = await startTestServer({ seed: false });
  const { key } = await createApiKey(
    server.db.prisma,
    { name: 'reference-analyst', role: 'ANALYST' },
    { actor: 'cli', role: null },
  );
  auth = { authorization: `Bearer ${key}` };
}, 120_000);
afterAll(() => server.close());

// ---------------------------------------------------------------------------------------------
// Plain CSV reading, independent of the importer.

/** The records of a CSV text: fields split on commas outside double quotes, "" inside quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function readTable(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const reference = (kind: string) => readTable(join(REFERENCE_DIR, `${kind}.csv`));
const forces = reference('areas').filter((a) => a.level === 'FORCE');
const categoryParent = new Map(reference('categories').map((c) => [c.code, c.parent_code || null]));
const typeCategory = new Map(reference('crime_type_mapping').map((m) => [m.crime_type, m.category_code]));
const forceByName = new Map(forces.map((f) => [normaliseForceName(f.name), f.code]));

/** `force|month|category` → rows, each row counted into its category and every category above it. */
function countFiles(files: string[]): { figures: Map<string, number>; rows: number; forceMonths: Set<string> } {
  const figures = new Map<string, number>();
  const forceMonths = new Set<string>();
  let rows = 0;
  for (const file of files) {
    for (const row of readTable(file)) {
      rows += 1;
      const force = forceByName.get(normaliseForceName(row['Falls within']));
      const category = typeCategory.get(row['Crime type']);
      if (!force || !category)
        throw new Error(`${file}: no force or category for ${row['Falls within']} / ${row['Crime type']}`);
      forceMonths.add(`${force}|${row['Month']}`);
      for (let c: string | null = category; c; c = categoryParent.get(c) ?? null) {
        const key = `${force}|${row['Month']}|${c}`;
        figures.set(key, (figures.get(key) ?? 0) + 1);
      }
    }
  }
  return { figures, rows, forceMonths };
}

// ---------------------------------------------------------------------------------------------

describe('the reference files', () => {
  it('hold the 43 territorial forces, realigned: they sum to the mid-2010 population of England and Wales', () => {
    expect(forces).toHaveLength(43);
    expect(forces.reduce((n, f) => n + Number(f.population), 0)).toBe(55_240_500);
    const population = (code: string) => Number(forces.find((f) => f.code === code)!.population);
    // The source file's shifted rows, put back (data/reference/README.md).
    expect(population('LEICESTERSHIRE')).toBe(993_900);
    expect(population('CITY_OF_LONDON')).toBe(11_700);
    expect(population('LINCOLNSHIRE')).toBe(703_000);
    expect(population('CLEVELAND')).toBe(563_500);
    // Rows before and after the shifted run keep their own figures.
    expect(population('CAMBRIDGESHIRE')).toBe(789_700);
    expect(population('MERSEYSIDE')).toBe(1_353_400);
  });
});

describe('a store from nothing', () => {
  it('starts empty, without the demo data', async () => {
    const data = dataOf(await server.gql('{ dataset { demo referenceData name } areas { code } categories { code } }'));
    expect(data.dataset).toMatchObject({ demo: false, referenceData: false });
    expect(data.areas).toEqual([]);
    expect(data.categories).toEqual([]);
  });

  it('refuses street files before the reference data, saying which command loads it', async () => {
    const file = STREET_FILES.find((f) => f.includes('bedfordshire'))!;
    const error = await importPoliceUk(server.db.prisma, [{ name: 'bedfordshire.csv', chunks: fileChunks(file) }]).then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(ImportRejectedError);
    const reasons = (error as ImportRejectedError).result.errors.map((e) => e.reason);
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).toContain('`npm run db:reference` loads');
  });

  it('loads the reference data in one transaction, and again with nothing changed', async () => {
    const first = await loadReferenceData(server.db.prisma);
    expect(first.map((r) => [r.kind, r.rows, r.inserted, r.replaced])).toEqual([
      ['areas', 57, 57, 0],
      ['categories', 27, 27, 0],
      ['crime_type_mapping', 16, 16, 0],
      ['lsoa_lookup', 611, 611, 0],
    ]);
    const counts = async () =>
      (
        await sql(`SELECT (SELECT count(*) FROM area)::int AS areas,
        (SELECT count(*) FROM area_population)::int AS populations,
        (SELECT coalesce(sum(population), 0) FROM area_population)::int AS people,
        (SELECT count(*) FROM crime_category)::int AS categories,
        (SELECT count(*) FROM crime_type_mapping)::int AS mappings, (SELECT count(*) FROM lsoa_area)::int AS lsoas`)
      )[0];
    const before = await counts();
    expect(before).toEqual({
      areas: 57,
      populations: 43,
      people: 55_240_500,
      categories: 27,
      mappings: 16,
      lsoas: 611,
    });
    const again = await loadReferenceData(server.db.prisma);
    expect(again.map((r) => r.inserted)).toEqual([0, 0, 0, 0]);
    expect(await counts()).toEqual(before);
    const [audit] = await sql(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'LOAD_REFERENCE_DATA'`);
    expect(audit.n).toBe(2);

    const data = dataOf(
      await server.gql(
        '{ dataset { demo referenceData } area(code: "LEICESTERSHIRE") { name population(year: 2010) } }',
      ),
    );
    expect(data).toEqual({
      dataset: { demo: false, referenceData: true },
      area: { name: 'Leicestershire Police', population: 993_900 },
    });
  });

  it('refuses a bad reference folder whole: an error in the last file leaves the first one unwritten', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppa-reference-'));
    for (const kind of ['categories', 'crime_type_mapping'])
      copyFileSync(join(REFERENCE_DIR, `${kind}.csv`), join(dir, `${kind}.csv`));
    writeFileSync(
      join(dir, 'areas.csv'),
      readFileSync(join(REFERENCE_DIR, 'areas.csv'), 'utf8').replace('Leicestershire Police', 'Renamed Police'),
    );
    writeFileSync(join(dir, 'lsoa_lookup.csv'), 'lsoa_code,area_code\nE01013600,NOWHERE\n');
    const audit = await sql(`SELECT count(*)::int AS n FROM audit_log`);
    await expect(loadReferenceData(server.db.prisma, dir)).rejects.toThrow(
      /lsoa_lookup\.csv of the reference data was refused \(1 errors; nothing was loaded\)/,
    );
    rmSync(dir, { recursive: true, force: true });
    expect(await sql(`SELECT count(*)::int AS n FROM audit_log`)).toEqual(audit);
    expect(await sql(`SELECT name FROM area WHERE code = 'LEICESTERSHIRE'`)).toEqual([
      { name: 'Leicestershire Police' },
    ]);
  });
});

describe('real street files imported into the reference data', () => {
  const expected = countFiles(STREET_FILES);

  beforeAll(async () => {
    const result = await importPoliceUk(
      server.db.prisma,
      STREET_FILES.map((f) => ({ name: f.split('/').pop()!, chunks: fileChunks(f) })),
    );
    expect(result.rowsRead).toBe(expected.rows);
    expect(result.rowsCounted).toBe(expected.rows);
    // Written around the API, as `npm run import` does: it moves the data version, so the server
    // reloads its snapshot (and with it the data horizon) on the next request.
    await server.app.services.dataVersion.bump();
  }, 120_000);

  it('the independent count sees three forces and every row', () => {
    expect([...expected.forceMonths].sort()).toEqual([
      'AVON_AND_SOMERSET|2018-01',
      'BEDFORDSHIRE|2018-01',
      'LEICESTERSHIRE|2021-12',
    ]);
    expect(expected.rows).toBe(8185 + 6 + 6);
    expect(expected.figures.get('LEICESTERSHIRE|2021-12|ALL_CRIME')).toBeGreaterThan(6000);
  });

  it('every force figure, for every category of the tree, equals the count of the files', async () => {
    const categories = [...categoryParent.keys()];
    for (const forceMonth of expected.forceMonths) {
      const [force, month] = forceMonth.split('|');
      const fields = categories.map(
        (c) => `${c}: performance(area: "${force}", category: "${c}", period: $period) { recorded }`,
      );
      const query = `query($period: PeriodInput!) { ${fields.join(' ')} }`;
      const data = dataOf(await server.gql(query, { period: { month } }, auth));
      const served = Object.fromEntries(categories.map((c) => [c, data[c].recorded]));
      const counted = Object.fromEntries(
        categories.map((c) => [c, expected.figures.get(`${force}|${month}|${c}`) ?? 0]),
      );
      expect({ forceMonth, ...served }).toEqual({ forceMonth, ...counted });
    }
  });

  it('Leicestershire rows land in its LPUs through the lookup: LPUs and the rest sum to the force', async () => {
    const [row] = await sql<{ lpus: number; force: number }>(
      `SELECT (SELECT sum(r.recorded) FROM recorded_crime r JOIN area a ON a.id = r.area_id
               WHERE a.level = 'LPU' AND r.month = 202112)::int AS lpus,
              (SELECT sum(r.recorded) FROM recorded_crime r JOIN area a ON a.id = r.area_id
               WHERE a.code = 'LEICESTERSHIRE' AND r.month = 202112)::int AS force`,
    );
    expect(row.lpus).toBeGreaterThan(8000);
    expect(row.lpus + row.force).toBe(8185);
  });
});
