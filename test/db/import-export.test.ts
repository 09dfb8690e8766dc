/**
 * Export gives back what import took: on a store loaded with the seed, every canonical kind
 * exported (a page of 500 rows at a time, so the cursor pages) equals the seed file's rows;
 * imported again it replaces every row by itself and changes nothing. Filters keep subtrees
 * of areas and categories and ranges of months, applied in SQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportCsv, type ExportFilters } from '../../src/export/export.service';
import { parseCsv } from '../../src/import/csv';
import { importCsv } from '../../src/import/import.service';
import { CSV_KINDS, LOAD_ORDER, type CsvKind } from '../../src/import/kinds';
import { loadSeed } from '../../src/import/seed';
import { SEED_DIR } from '../../src/config/paths';
import { InvalidInputError } from '../../src/period/errors';
import type { Database } from '../../src/db/database';
import { openTestDatabase } from '../support/harness';

let db: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.db;
  dispose = () => opened.dispose();
  await loadSeed(db.prisma);
});
afterAll(() => dispose());

async function exported(kind: CsvKind, filters: ExportFilters = {}): Promise<string> {
  let text = '';
  let writes = 0;
  const { rows } = await exportCsv(
    db.prisma,
    kind,
    filters,
    (t) => {
      text += t;
      writes += 1;
    },
    { pageSize: 500 },
  );
  // The header, then one write per page.
  expect(writes).toBe(1 + Math.ceil(rows / 500));
  return text;
}

const seedText = (kind: CsvKind) => readFileSync(join(SEED_DIR, `${kind}.csv`), 'utf8');
const lines = (text: string) => text.trim().split('\n');
const body = (text: string) => lines(text).slice(1).sort();

/**
 * The seed's areas.csv gives its BCUs a population_year with no population: a row that holds
 * no population holds no year either, so such an area comes back as one row with both empty.
 */
function normaliseAreas(rows: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of rows) {
    const f = r.split(',');
    if (f[4] === '') {
      const key = f.slice(0, 4).join(',');
      if (!seen.has(key)) out.push(`${key},,`);
      seen.add(key);
    } else out.push(r);
  }
  return out.sort();
}

describe('every kind exported equals the file it was imported from', () => {
  it.each(LOAD_ORDER.filter((k) => k !== 'areas'))('%s', async (kind) => {
    const text = await exported(kind);
    expect(lines(text)[0]).toBe(lines(seedText(kind))[0]);
    expect(body(text)).toEqual(body(seedText(kind)));
    expect(body(text).length).toBeGreaterThan(0);
  });

  it('areas (an area without a population is one row, its year empty)', async () => {
    const text = await exported('areas');
    expect(lines(text)[0]).toBe('code,name,level,parent_code,population,population_year');
    expect(body(text)).toEqual(normaliseAreas(body(seedText('areas'))));
    // Parents come before children, so the file imports as it stands.
    const codes = body(text).map((r) => r.split(','));
    const order = lines(text)
      .slice(1)
      .map((r) => r.split(',')[0]);
    for (const [code, , , parent] of codes) if (parent) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(code));
  });

  it('imported again, every kind replaces each of its rows by itself: nothing inserted, nothing changed', async () => {
    const before = await exportAll();
    for (const kind of LOAD_ORDER) {
      const text = await exported(kind);
      const result = await importCsv(db.prisma, kind, text);
      expect([kind, result.inserted, result.replaced]).toEqual([kind, 0, lines(text).length - 1]);
    }
    expect(await exportAll()).toEqual(before);
  });

  it('covers every kind', () => {
    expect([...LOAD_ORDER].sort()).toEqual([...CSV_KINDS].sort());
  });
});

async function exportAll(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const kind of CSV_KINDS) out[kind] = await exported(kind);
  return out;
}

describe('names with commas and quotes, and the sensitive flag, survive the round trip', () => {
  it('areas and categories', async () => {
    await importCsv(
      db.prisma,
      'areas',
      'code,name,level,parent_code,population,population_year\n' +
        'QUOTED,"Hinckley, ""East"" End",NEIGHBOURHOOD,HINCKLEY_BOSWORTH,1234,2013\n',
    );
    await importCsv(
      db.prisma,
      'categories',
      'code,name,parent_code,kind,sensitive\nSTALKING,"Stalking, harassment",VIOLENCE_WITHOUT_INJURY,CRIME,true\n',
    );
    const areas = await exported('areas', { area: 'QUOTED' });
    expect(areas).toBe(
      'code,name,level,parent_code,population,population_year\n' +
        'QUOTED,"Hinckley, ""East"" End",NEIGHBOURHOOD,HINCKLEY_BOSWORTH,1234,2013\n',
    );
    const categories = await exported('categories', { category: 'VIOLENCE_WITHOUT_INJURY' });
    expect(categories).toBe(
      'code,name,parent_code,kind,sensitive\n' +
        'VIOLENCE_WITHOUT_INJURY,Violence without injury,VIOLENCE_AGAINST_THE_PERSON,CRIME,false\n' +
        'STALKING,"Stalking, harassment",VIOLENCE_WITHOUT_INJURY,CRIME,true\n',
    );
    expect(parseCsv(categories)[2].fields).toEqual([
      'STALKING',
      'Stalking, harassment',
      'VIOLENCE_WITHOUT_INJURY',
      'CRIME',
      'true',
    ]);
  });
});

describe('filters', () => {
  const seedRows = (kind: CsvKind) => {
    const [header, ...rows] = parseCsv(seedText(kind)).map((r) => r.fields);
    return rows.map((f) => Object.fromEntries(header.map((h, i) => [h, f[i]])));
  };
  const COUNTIES = [
    'COUNTIES',
    'BLABY',
    'CHARNWOOD',
    'HARBOROUGH',
    'HINCKLEY_BOSWORTH',
    'MELTON_RUTLAND',
    'NORTH_WEST_LEICESTERSHIRE',
    'OADBY_WIGSTON',
  ];
  const VEHICLE = ['VEHICLE_CRIME', 'THEFT_OF_MOTOR_VEHICLE', 'THEFT_FROM_MOTOR_VEHICLE', 'VEHICLE_INTERFERENCE'];
  const asCsv = (rows: Record<string, string>[]) => rows.map((r) => Object.values(r).join(',')).sort();

  it('outcomes: area subtree, category subtree and a range of months together', async () => {
    const text = await exported('outcomes', {
      area: 'COUNTIES',
      category: 'VEHICLE_CRIME',
      from: '2013-04',
      to: '2013-06',
    });
    const want = seedRows('outcomes').filter(
      (r) =>
        COUNTIES.includes(r.area_code) &&
        VEHICLE.includes(r.category_code) &&
        r.month >= '2013-04' &&
        r.month <= '2013-06',
    );
    expect(want.length).toBeGreaterThan(50);
    expect(body(text)).toEqual(asCsv(want));
  });

  it('investigations by as-of month; satisfaction by area and month', async () => {
    expect(body(await exported('investigations', { from: '2013-11' }))).toEqual(
      asCsv(seedRows('investigations').filter((r) => r.as_of >= '2013-11')),
    );
    expect(body(await exported('satisfaction', { area: 'CITY', to: '2011-06' }))).toEqual(
      asCsv(seedRows('satisfaction').filter((r) => r.area_code === 'CITY' && r.month <= '2011-06')),
    );
  });

  it('the LSOA lookup by area; crime type mapping by category; objectives by category; plans by month', async () => {
    expect(body(await exported('lsoa_lookup', { area: 'CITY' }))).toEqual(
      asCsv(
        seedRows('lsoa_lookup').filter((r) =>
          ['CITY_CENTRE', 'BEAUMONT_LEYS', 'BELGRAVE', 'SPINNEY_HILLS', 'BRAUNSTONE'].includes(r.area_code),
        ),
      ),
    );
    expect(body(await exported('crime_type_mapping', { category: 'VEHICLE_CRIME' }))).toEqual([
      'Vehicle crime,VEHICLE_CRIME',
    ]);
    expect(body(await exported('objectives', { category: 'VEHICLE_CRIME' }))).toEqual(
      asCsv(seedRows('objectives').filter((r) => VEHICLE.includes(r.category_code))),
    );
    expect(body(await exported('plans', { from: '2014-04' }))).toEqual([]);
    expect(body(await exported('plans', { from: '2013-11', to: '2013-11' }))).toHaveLength(1);
  });

  it('a filter a kind does not take, an unknown code, a bad month or a reversed range is an error', async () => {
    const fails = (kind: CsvKind, filters: ExportFilters) => exportCsv(db.prisma, kind, filters, () => undefined);
    await expect(fails('satisfaction', { category: 'BURGLARY' })).rejects.toThrow(
      'the category filter does not apply to satisfaction: it takes area, from, to',
    );
    await expect(fails('crimes', { area: 'ATLANTIS' })).rejects.toThrow('unknown area code "ATLANTIS"');
    await expect(fails('crimes', { from: '2013-13' })).rejects.toThrow(InvalidInputError);
    await expect(fails('crimes', { from: '2013-11', to: '2013-10' })).rejects.toThrow(
      'from 2013-11 is after to 2013-10',
    );
  });
});
