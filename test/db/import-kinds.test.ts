/**
 * The kinds added for data.police.uk (lsoa_lookup, crime_type_mapping), the optional sensitive
 * column of categories, the audit entry every import leaves, the cap on listed errors, and the
 * streaming CSV reader (the same records whatever the chunk boundaries).
 */
import { CsvReader, parseCsv } from '../../src/import/csv';
import { importCsv, importCsvStream } from '../../src/import/import.service';
import { ImportRejectedError, MAX_LISTED_ERRORS } from '../../src/import/result';
import type { CsvKind, RowError } from '../../src/import/kinds';
import { loadSeed } from '../../src/import/seed';
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

const sql = <T = Record<string, unknown>>(query: string, ...params: unknown[]) =>
  db.prisma.$queryRawUnsafe<T[]>(query, ...params);
const csv = (...lines: string[]) => lines.join('\n') + '\n';

async function rejected(
  kind: CsvKind,
  text: string,
): Promise<{ errors: RowError[]; rejected: number; unlistedErrors?: number }> {
  const [before] =
    await sql(`SELECT (SELECT count(*) FROM lsoa_area)::int AS l, (SELECT count(*) FROM crime_type_mapping)::int AS m,
    (SELECT count(*) FILTER (WHERE sensitive) FROM crime_category)::int AS s,
    (SELECT count(*) FROM recorded_crime)::int AS c, (SELECT count(*) FROM audit_log)::int AS a`);
  const error = await importCsv(db.prisma, kind, text).then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  const [after] =
    await sql(`SELECT (SELECT count(*) FROM lsoa_area)::int AS l, (SELECT count(*) FROM crime_type_mapping)::int AS m,
    (SELECT count(*) FILTER (WHERE sensitive) FROM crime_category)::int AS s,
    (SELECT count(*) FROM recorded_crime)::int AS c, (SELECT count(*) FROM audit_log)::int AS a`);
  expect(after).toEqual(before);
  return (error as ImportRejectedError).result;
}

describe('the seed ships the lookup, the mapping and the sensitive flags', () => {
  it('611 Leicestershire LSOAs in the 12 LPUs; 16 crime types; 3 sensitive categories', async () => {
    const lsoa = await sql<{ code: string; n: number }>(
      `SELECT a.code, count(*)::int AS n FROM lsoa_area l JOIN area a ON a.id = l.area_id GROUP BY a.code
       ORDER BY a.code`,
    );
    expect(lsoa.map((r) => r.code)).toEqual([
      'BEAUMONT_LEYS',
      'BELGRAVE',
      'BLABY',
      'BRAUNSTONE',
      'CHARNWOOD',
      'CITY_CENTRE',
      'HARBOROUGH',
      'HINCKLEY_BOSWORTH',
      'MELTON_RUTLAND',
      'NORTH_WEST_LEICESTERSHIRE',
      'OADBY_WIGSTON',
      'SPINNEY_HILLS',
    ]);
    expect(lsoa.reduce((s, r) => s + r.n, 0)).toBe(611);
    const mapping = await sql(
      `SELECT m.crime_type, c.code FROM crime_type_mapping m JOIN crime_category c ON c.id = m.category_id ORDER BY 1`,
    );
    expect(mapping).toHaveLength(16);
    expect(mapping).toContainEqual({
      crime_type: 'Violence and sexual offences',
      code: 'VIOLENCE_AND_SEXUAL_OFFENCES_UNSPLIT',
    });
    expect(mapping).toContainEqual({ crime_type: 'Anti-social behaviour', code: 'ANTI_SOCIAL_BEHAVIOUR' });
    expect(mapping).toContainEqual({ crime_type: 'Vehicle crime', code: 'VEHICLE_CRIME' });
    const sensitive = await sql(`SELECT code FROM crime_category WHERE sensitive ORDER BY code`);
    expect(sensitive.map((r) => r.code)).toEqual(['DOMESTIC_VIOLENCE', 'HATE_CRIME', 'SEXUAL_OFFENCES']);
  });
});

describe('lsoa_lookup', () => {
  it('upserts by LSOA code: a new LSOA inserted, a moved one replaced', async () => {
    const result = await importCsv(
      db.prisma,
      'lsoa_lookup',
      csv('lsoa_code,area_code', 'E01099999,BLABY', 'E01025631,CHARNWOOD'),
    );
    expect(result).toMatchObject({ kind: 'lsoa_lookup', rowsRead: 2, inserted: 1, replaced: 1 });
    const rows = await sql(
      `SELECT l.lsoa_code, a.code FROM lsoa_area l JOIN area a ON a.id = l.area_id
       WHERE l.lsoa_code IN ('E01099999', 'E01025631') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { lsoa_code: 'E01025631', code: 'CHARNWOOD' },
      { lsoa_code: 'E01099999', code: 'BLABY' },
    ]);
    await importCsv(db.prisma, 'lsoa_lookup', csv('lsoa_code,area_code', 'E01025631,BLABY'));
  });

  it('rejects unknown areas, malformed LSOA codes and duplicates, each by line and column', async () => {
    const { errors } = await rejected(
      'lsoa_lookup',
      csv(
        'lsoa_code,area_code',
        'E01000001,ATLANTIS',
        'Blaby 002A,BLABY',
        'E01000002,BLABY',
        'E01000002,CHARNWOOD',
        ',BLABY',
      ),
    );
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'area_code'],
      [3, 'lsoa_code'],
      [5, null],
      [6, 'lsoa_code'],
    ]);
    expect(errors[1].reason).toContain('is not an LSOA code');
    expect(errors[2].reason).toContain('duplicate of line 4');
  });

  it('rejects a wrong header', async () => {
    const { errors } = await rejected('lsoa_lookup', csv('lsoa,area', 'E01000001,BLABY'));
    expect(errors[0]).toMatchObject({ line: 1, column: null });
    expect(errors[0].reason).toContain('expected lsoa_code,area_code');
  });
});

describe('crime_type_mapping', () => {
  it('upserts by the crime type text, exactly as written', async () => {
    const result = await importCsv(
      db.prisma,
      'crime_type_mapping',
      csv(
        'crime_type,category_code',
        'Vehicle crime,THEFT_OF_MOTOR_VEHICLE',
        '"Fraud, forgery",MISC_CRIMES_AGAINST_SOCIETY',
      ),
    );
    expect(result).toMatchObject({ inserted: 1, replaced: 1 });
    const rows = await sql(
      `SELECT m.crime_type, c.code FROM crime_type_mapping m JOIN crime_category c ON c.id = m.category_id
       WHERE m.crime_type IN ('Vehicle crime', 'Fraud, forgery') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { crime_type: 'Fraud, forgery', code: 'MISC_CRIMES_AGAINST_SOCIETY' },
      { crime_type: 'Vehicle crime', code: 'THEFT_OF_MOTOR_VEHICLE' },
    ]);
    await importCsv(db.prisma, 'crime_type_mapping', csv('crime_type,category_code', 'Vehicle crime,VEHICLE_CRIME'));
  });

  it('rejects unknown categories, empty types and duplicates', async () => {
    const { errors } = await rejected(
      'crime_type_mapping',
      csv('crime_type,category_code', 'Piracy,PIRACY', ',ROBBERY', 'Robbery,ROBBERY', 'Robbery,ROBBERY'),
    );
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'category_code'],
      [3, 'crime_type'],
      [5, null],
    ]);
  });
});

describe('categories: the optional sensitive column', () => {
  const HEADER5 = 'code,name,parent_code,kind,sensitive';
  const sensitive = async (code: string) =>
    (await sql(`SELECT sensitive FROM crime_category WHERE code = $1`, code))[0]?.sensitive;

  it('true/false sets the flag; empty is false', async () => {
    await importCsv(
      db.prisma,
      'categories',
      csv(HEADER5, 'ROBBERY,Robbery,ALL_CRIME,CRIME,true', 'NEW_ONE,New one,ALL_CRIME,CRIME,'),
    );
    expect(await sensitive('ROBBERY')).toBe(true);
    expect(await sensitive('NEW_ONE')).toBe(false);
  });

  it('without the column an existing category keeps its flag, a new one is not sensitive', async () => {
    const result = await importCsv(
      db.prisma,
      'categories',
      csv('code,name,parent_code,kind', 'ROBBERY,Robbery,ALL_CRIME,CRIME', 'NEW_TWO,New two,ALL_CRIME,CRIME'),
    );
    expect(result).toMatchObject({ inserted: 1, replaced: 1 });
    expect(await sensitive('ROBBERY')).toBe(true);
    expect(await sensitive('NEW_TWO')).toBe(false);
    await importCsv(db.prisma, 'categories', csv(HEADER5, 'ROBBERY,Robbery,ALL_CRIME,CRIME,false'));
    expect(await sensitive('ROBBERY')).toBe(false);
  });

  it('rejects a value that is not true or false, and a sixth column', async () => {
    const { errors } = await rejected('categories', csv(HEADER5, 'ROBBERY,Robbery,ALL_CRIME,CRIME,maybe'));
    expect(errors.map((e) => [e.line, e.column, e.value])).toEqual([[2, 'sensitive', 'maybe']]);
    const wrong = await rejected(
      'categories',
      csv('code,name,parent_code,kind,sensitive,colour', 'ROBBERY,Robbery,ALL_CRIME,CRIME,true,red'),
    );
    expect(wrong.errors[0].reason).toContain('expected code,name,parent_code,kind (optionally followed by sensitive)');
  });
});

describe('the audit log', () => {
  it('every import: actor, action IMPORT_CSV, kind, rows written, file name, inside the import', async () => {
    await importCsv(
      db.prisma,
      'crimes',
      csv('month,area_code,category_code,recorded', '2014-06,BLABY,ROBBERY,1', '2013-11,BLABY,DOMESTIC_BURGLARY,33'),
      {
        actor: 'steward-key',
        role: 'STEWARD',
        fileName: 'june.csv',
      },
    );
    const [entry] = await sql(
      `SELECT actor, role, action, target, rows, details FROM audit_log ORDER BY id DESC LIMIT 1`,
    );
    const details = typeof entry.details === 'string' ? JSON.parse(entry.details) : entry.details;
    expect(entry).toMatchObject({
      actor: 'steward-key',
      role: 'STEWARD',
      action: 'IMPORT_CSV',
      target: 'crimes',
      rows: 2,
    });
    expect(details).toEqual({ kind: 'crimes', file: 'june.csv', rowsRead: 2, inserted: 1, replaced: 1 });
  });

  it('by default the actor is "cli"; a dry run and a rejected file leave no entry', async () => {
    await importCsv(db.prisma, 'plans', csv('code,name,financial_year', 'TEST-2014-15,Test plan,2014-15'));
    const [entry] = await sql(`SELECT actor, role, target FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(entry).toEqual({ actor: 'cli', role: null, target: 'plans' });
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM audit_log`);
    await importCsv(db.prisma, 'plans', csv('code,name,financial_year', 'TEST-2015-16,Test plan,2015-16'), {
      dryRun: true,
    });
    await rejected('plans', csv('code,name,financial_year', 'TEST-2015-16,Test plan,2015-16x'));
    expect((await sql(`SELECT count(*)::int AS n FROM audit_log`))[0].n).toBe(n);
  });
});

describe('large files', () => {
  it(`more than ${MAX_LISTED_ERRORS} bad rows: all counted, the first ${MAX_LISTED_ERRORS} listed`, async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `2014-07,BLABY,ROBBERY${i},-1`);
    const result = await rejected('crimes', csv('month,area_code,category_code,recorded', ...rows));
    expect(result.rejected).toBe(1500);
    expect(result.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(result.unlistedErrors).toBe(3000 - MAX_LISTED_ERRORS);
  });

  it('streams in chunks: 12,000 rows written in chunks of 5,000, counted exactly', async () => {
    const areas = [
      'BLABY',
      'CHARNWOOD',
      'HARBOROUGH',
      'HINCKLEY_BOSWORTH',
      'MELTON_RUTLAND',
      'NORTH_WEST_LEICESTERSHIRE',
      'OADBY_WIGSTON',
      'CITY_CENTRE',
      'BELGRAVE',
      'BRAUNSTONE',
    ];
    const categories = [
      'ROBBERY',
      'SHOPLIFTING',
      'BICYCLE_THEFT',
      'DRUG_OFFENCES',
      'OTHER_THEFT',
      'HOMICIDE',
      'POSSESSION_OF_WEAPONS',
      'PUBLIC_ORDER_OFFENCES',
      'VEHICLE_INTERFERENCE',
      'THEFT_FROM_THE_PERSON',
    ];
    const rows = Array.from({ length: 12_000 }, (_, i) => {
      const month = 201501 + Math.floor(i / 1200) * 100 + (Math.floor(i / 100) % 12);
      const area = areas[Math.floor(i / 10) % 10];
      return `${String(month).slice(0, 4)}-${String(month).slice(4)},${area},${categories[i % 10]},${i % 97}`;
    });
    expect(new Set(rows.map((r) => r.split(',').slice(0, 3).join(','))).size).toBe(12_000);
    const text = csv('month,area_code,category_code,recorded', ...rows);
    let reported = 0;
    const result = await importCsvStream(
      db.prisma,
      'crimes',
      (function* () {
        for (let i = 0; i < text.length; i += 777) yield text.slice(i, i + 777);
      })(),
      { onRows: (n) => (reported = n) },
    );
    expect(result).toMatchObject({ rowsRead: 12_000, inserted: 12_000, replaced: 0 });
    expect(reported).toBe(12_000);
    const [stored] = await sql(
      `SELECT count(*)::int AS n, sum(recorded)::int AS total FROM recorded_crime
       WHERE month BETWEEN 201501 AND 202412`,
    );
    expect(stored).toEqual({ n: 12_000, total: rows.reduce((s, r) => s + Number(r.split(',')[3]), 0) });
  });
});

describe('the CSV reader', () => {
  const SAMPLE =
    '\uFEFFa,b,c\r\n1,"two, with comma","say ""hi"""\r\n,,\r\n"multi\nline",x,"y"\r\n' +
    '"ends with quote""",z,\r\nlast,row,no newline';
  const whole = () => parseCsv(SAMPLE);

  it('reads quoted fields, escaped quotes, line breaks inside quotes, CRLF, a BOM and no final newline', () => {
    expect(whole()).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'two, with comma', 'say "hi"'] },
      { line: 3, fields: ['', '', ''] },
      { line: 4, fields: ['multi\nline', 'x', 'y'] },
      { line: 6, fields: ['ends with quote"', 'z', ''] },
      { line: 7, fields: ['last', 'row', 'no newline'] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (let size = 1; size <= SAMPLE.length; size++) {
      const reader = new CsvReader();
      const records = [];
      for (let i = 0; i < SAMPLE.length; i += size) records.push(...reader.push(SAMPLE.slice(i, i + size)));
      records.push(...reader.end());
      expect([size, records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''))]).toEqual([size, whole()]);
    }
  });

  it('reports a stray quote and an unclosed quote with their line', () => {
    expect(() => parseCsv('a,b\n"x"y,z\n')).toThrow(/after a closing quote/);
    expect(() => parseCsv('a,b\n"x\n')).toThrow(/not closed/);
  });
});
