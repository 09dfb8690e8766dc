/**
 * CSV import on a real store (PGlite, or a scratch PostgreSQL database when DATABASE_URL is
 * set): a good file is written and a re-import replaces by key; a file with any bad row is
 * rejected whole, every bad row listed by line and column, nothing written; the rollups
 * always agree with the rows they sum.
 */
import { importCsv } from '../../src/import/import.service';
import { ImportRejectedError, type ImportResult } from '../../src/import/result';
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

/** Rows and value totals of every table an import writes, to prove a rejected file wrote nothing. */
async function snapshot(): Promise<Record<string, number>> {
  const [row] = await db.prisma.$queryRawUnsafe<Record<string, number>[]>(`SELECT
    (SELECT count(*) FROM area)::int AS areas,
    (SELECT count(*) FROM area_closure)::int AS area_closure,
    (SELECT count(*) FROM area_population)::int AS populations,
    (SELECT coalesce(sum(population), 0) FROM area_population)::bigint::int AS population_total,
    (SELECT count(*) FROM crime_category)::int AS categories,
    (SELECT count(*) FROM peer_group_member)::int AS peer_members,
    (SELECT count(*) FROM objective)::int AS objectives,
    (SELECT count(*) FROM recorded_crime)::int AS crimes,
    (SELECT coalesce(sum(recorded), 0) FROM recorded_crime)::int AS recorded,
    (SELECT count(*) FROM crime_outcome)::int AS outcomes,
    (SELECT count(*) FROM investigation)::int AS investigations,
    (SELECT count(*) FROM satisfaction_response)::int AS satisfaction,
    (SELECT coalesce(sum(satisfied), 0) FROM satisfaction_response)::int AS satisfied,
    (SELECT count(*) FROM fact_rollup)::int AS fact_rollup,
    (SELECT coalesce(sum(recorded), 0) FROM fact_rollup)::bigint::int AS rollup_recorded,
    (SELECT count(*) FROM satisfaction_rollup)::int AS satisfaction_rollup`);
  return row;
}

const csv = (...lines: string[]) => lines.join('\n') + '\n';

/** Imports a file that must be rejected; checks nothing changed; returns its errors. */
async function rejected(kind: CsvKind, text: string, options: { dryRun?: boolean } = {}): Promise<RowError[]> {
  const before = await snapshot();
  let error: unknown;
  try {
    await importCsv(db.prisma, kind, text, options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ImportRejectedError);
  expect(await snapshot()).toEqual(before);
  const { result } = error as ImportRejectedError;
  expect(result.inserted + result.replaced).toBe(0);
  expect(result.rejected).toBe(new Set(result.errors.map((e) => e.line)).size);
  return result.errors;
}
const where = (errors: RowError[]) => errors.map((e) => [e.line, e.column]);

async function recorded(month: string, area: string, category: string): Promise<number | null> {
  const rows = await db.prisma.$queryRawUnsafe<{ recorded: number }[]>(
    `SELECT rc.recorded FROM recorded_crime rc JOIN area a ON a.id = rc.area_id JOIN crime_category c
     ON c.id = rc.category_id
     WHERE rc.month = $1 AND a.code = $2 AND c.code = $3`,
    Number(month.replace('-', '')),
    area,
    category,
  );
  return rows[0]?.recorded ?? null;
}

/** fact_rollup of one (area, category) per month, and the same sums computed from the base rows. */
async function rollupAgainstBase(area: string, category: string) {
  const rows = await db.prisma.$queryRawUnsafe<{ month: number; rollup: number | null; base: number | null }[]>(
    `WITH a AS (SELECT id FROM area WHERE code = $1), c AS (SELECT id FROM crime_category WHERE code = $2),
     base AS (
       SELECT rc.month, sum(rc.recorded)::int AS recorded FROM recorded_crime rc
       JOIN area_closure ac ON ac.descendant_id = rc.area_id AND ac.ancestor_id = (SELECT id FROM a)
       JOIN category_closure cc ON cc.descendant_id = rc.category_id AND cc.ancestor_id = (SELECT id FROM c)
       GROUP BY rc.month),
     rollup AS (SELECT month, recorded FROM fact_rollup WHERE area_id = (SELECT id FROM a) AND category_id =
       (SELECT id FROM c))
     SELECT coalesce(b.month, r.month) AS month, r.recorded AS rollup, b.recorded AS base
     FROM base b FULL JOIN rollup r ON r.month = b.month ORDER BY 1`,
    area,
    category,
  );
  return rows;
}

describe('rollups agree with the base rows', () => {
  it('fact_rollup for the force and ALL_CRIME sums its area subtree and category subtree, every month', async () => {
    const rows = await rollupAgainstBase('LEICESTERSHIRE', 'ALL_CRIME');
    expect(rows).toHaveLength(32); // 2011-04 .. 2013-11
    expect(rows.filter((r) => r.rollup !== r.base)).toEqual([]);
    // Not vacuous: every force-wide month holds thousands of crimes.
    expect(rows.every((r) => (r.base ?? 0) > 1000)).toBe(true);
  });

  it('every fact_rollup row equals the sums recomputed from recorded_crime and crime_outcome', async () => {
    const [diff] = await db.prisma.$queryRawUnsafe<{ missing: number; extra: number; rows: number }[]>(
      `WITH f AS (
         SELECT area_id, category_id, month, sum(recorded) AS recorded, sum(outcomes) AS outcomes FROM (
           SELECT area_id, category_id, month, recorded, 0 AS outcomes FROM recorded_crime
           UNION ALL SELECT area_id, category_id, month, 0, count FROM crime_outcome) u
         GROUP BY area_id, category_id, month),
       expected AS (
         SELECT cc.ancestor_id AS category_id, ac.ancestor_id AS area_id, f.month, sum(f.recorded)::int AS recorded,
           sum(f.outcomes)::int AS outcomes
         FROM f JOIN area_closure ac ON ac.descendant_id = f.area_id JOIN category_closure cc
           ON cc.descendant_id = f.category_id
         GROUP BY 1, 2, 3),
       actual AS (SELECT category_id, area_id, month, recorded, outcomes FROM fact_rollup)
       SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) x)::int AS missing,
              (SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) y)::int AS extra,
              (SELECT count(*) FROM actual)::int AS rows`,
    );
    expect(diff).toEqual({ missing: 0, extra: 0, rows: expect.any(Number) });
    expect(diff.rows).toBeGreaterThan(10_000);
  });

  it('re-importing a changed month updates the rollups of that month only', async () => {
    const before = await rollupAgainstBase('LEICESTERSHIRE', 'ALL_CRIME');
    const blaby = (await recorded('2013-11', 'BLABY', 'DOMESTIC_BURGLARY'))!;
    expect(blaby).toBe(33); // data/seed/crimes.csv
    const result = await importCsv(
      db.prisma,
      'crimes',
      csv('month,area_code,category_code,recorded', `2013-11,BLABY,DOMESTIC_BURGLARY,${blaby + 100}`),
    );
    expect(result).toMatchObject({ rowsRead: 1, inserted: 0, replaced: 1 });
    const after = await rollupAgainstBase('LEICESTERSHIRE', 'ALL_CRIME');
    expect(after.filter((r) => r.rollup !== r.base)).toEqual([]);
    for (const [i, row] of after.entries()) {
      expect(row.rollup).toBe(before[i].rollup! + (row.month === 201311 ? 100 : 0));
    }
    // The whole chain above Blaby moves by 100: the LPU, its BCU, for burglary and its parent.
    for (const [area, category] of [
      ['BLABY', 'DOMESTIC_BURGLARY'],
      ['COUNTIES', 'BURGLARY'],
      ['LEICESTERSHIRE', 'DOMESTIC_BURGLARY'],
    ]) {
      expect((await rollupAgainstBase(area, category)).filter((r) => r.rollup !== r.base)).toEqual([]);
    }
    // Put the seed value back for the tests below.
    await importCsv(
      db.prisma,
      'crimes',
      csv('month,area_code,category_code,recorded', `2013-11,BLABY,DOMESTIC_BURGLARY,${blaby}`),
    );
    expect(await rollupAgainstBase('LEICESTERSHIRE', 'ALL_CRIME')).toEqual(before);
  });
});

describe('a valid file', () => {
  const HEADER = 'month,area_code,category_code,recorded';

  it('inserts its rows, and a re-import replaces them by key', async () => {
    const before = await snapshot();
    const first = await importCsv(
      db.prisma,
      'crimes',
      csv(
        HEADER,
        '2014-01,BLABY,DOMESTIC_BURGLARY,40',
        '2014-01,CHARNWOOD,DOMESTIC_BURGLARY,50',
        '2014-01,CITY_CENTRE,SHOPLIFTING,60',
      ),
    );
    expect(first).toEqual<ImportResult>({
      kind: 'crimes',
      rowsRead: 3,
      inserted: 3,
      replaced: 0,
      rejected: 0,
      errors: [],
      dryRun: false,
    });
    const middle = await snapshot();
    expect(middle.crimes).toBe(before.crimes + 3);
    expect(middle.recorded).toBe(before.recorded + 150);

    const again = await importCsv(
      db.prisma,
      'crimes',
      csv(
        HEADER,
        '2014-01,BLABY,DOMESTIC_BURGLARY,41',
        '2014-01,CHARNWOOD,DOMESTIC_BURGLARY,50',
        '2014-01,CITY_CENTRE,SHOPLIFTING,60',
      ),
    );
    expect(again).toMatchObject({ rowsRead: 3, inserted: 0, replaced: 3 });
    const after = await snapshot();
    expect(after.crimes).toBe(middle.crimes);
    expect(after.recorded).toBe(middle.recorded + 1);
    expect(await recorded('2014-01', 'BLABY', 'DOMESTIC_BURGLARY')).toBe(41);
    // The new month reaches the rollups: the force's all-crime figure for 2014-01 is 151.
    const force = await rollupAgainstBase('LEICESTERSHIRE', 'ALL_CRIME');
    expect(force.find((r) => r.month === 201401)).toEqual({ month: 201401, rollup: 151, base: 151 });
  });

  it('accepts a UTF-8 byte-order mark', async () => {
    const result = await importCsv(db.prisma, 'crimes', '\uFEFF' + csv(HEADER, '2014-02,BLABY,ROBBERY,7'));
    expect(result).toMatchObject({ rowsRead: 1, inserted: 1, replaced: 0 });
    expect(await recorded('2014-02', 'BLABY', 'ROBBERY')).toBe(7);
  });

  it('accepts CRLF line ends', async () => {
    const result = await importCsv(
      db.prisma,
      'crimes',
      `${HEADER}\r\n2014-02,BLABY,BICYCLE_THEFT,8\r\n2014-02,HARBOROUGH,BICYCLE_THEFT,9\r\n`,
    );
    expect(result).toMatchObject({ rowsRead: 2, inserted: 2 });
    expect(await recorded('2014-02', 'HARBOROUGH', 'BICYCLE_THEFT')).toBe(9);
  });

  it('accepts quoted fields holding commas and quotes', async () => {
    const result = await importCsv(
      db.prisma,
      'areas',
      csv(
        'code,name,level,parent_code,population,population_year',
        'HINCKLEY_EAST,"Hinckley, Bosworth",NEIGHBOURHOOD,HINCKLEY_BOSWORTH,1234,2013',
        '"HINCKLEY_WEST","The ""West"" End",NEIGHBOURHOOD,HINCKLEY_BOSWORTH,,',
      ),
    );
    expect(result).toMatchObject({ rowsRead: 2, inserted: 2, replaced: 0 });
    const areas = await db.prisma.area.findMany({
      where: { code: { in: ['HINCKLEY_EAST', 'HINCKLEY_WEST'] } },
      orderBy: { code: 'asc' },
    });
    expect(areas.map((a) => [a.code, a.name, a.level])).toEqual([
      ['HINCKLEY_EAST', 'Hinckley, Bosworth', 'NEIGHBOURHOOD'],
      ['HINCKLEY_WEST', 'The "West" End', 'NEIGHBOURHOOD'],
    ]);
    // The new level is below the force in the closure: crimes there reach the force's rollup.
    await importCsv(db.prisma, 'crimes', csv(HEADER, '2014-03,HINCKLEY_EAST,ROBBERY,5'));
    const force = await rollupAgainstBase('LEICESTERSHIRE', 'ROBBERY');
    expect(force.find((r) => r.month === 201403)).toEqual({ month: 201403, rollup: 5, base: 5 });
  });

  it('on a dry run, counts what it would write and writes nothing', async () => {
    const before = await snapshot();
    const result = await importCsv(
      db.prisma,
      'crimes',
      csv(HEADER, '2014-04,BLABY,ROBBERY,1', '2014-01,BLABY,DOMESTIC_BURGLARY,99'),
      { dryRun: true },
    );
    expect(result).toEqual<ImportResult>({
      kind: 'crimes',
      rowsRead: 2,
      inserted: 1,
      replaced: 1,
      rejected: 0,
      errors: [],
      dryRun: true,
    });
    expect(await snapshot()).toEqual(before);
    expect(await recorded('2014-01', 'BLABY', 'DOMESTIC_BURGLARY')).toBe(41);
  });
});

describe('a file with a bad row is rejected whole, every bad row listed, nothing written', () => {
  const HEADER = 'month,area_code,category_code,recorded';

  it('wrong header', async () => {
    const errors = await rejected('crimes', csv('month,area,category,recorded', '2014-05,BLABY,ROBBERY,1'));
    expect(where(errors)).toEqual([[1, null]]);
    expect(errors[0].reason).toContain('expected month,area_code,category_code,recorded');
  });

  it('unknown area and category codes', async () => {
    const errors = await rejected(
      'crimes',
      csv(
        HEADER,
        '2014-05,BLABY,ROBBERY,1',
        '2014-05,ATLANTIS,ROBBERY,2',
        '2014-05,BLABY,PIRACY,3',
        '2014-05,ATLANTIS,PIRACY,4',
        '2014-05,CHARNWOOD,ROBBERY,5',
      ),
    );
    expect(where(errors)).toEqual([
      [3, 'area_code'],
      [4, 'category_code'],
      [5, 'area_code'],
      [5, 'category_code'],
    ]);
    expect(errors[0]).toMatchObject({ value: 'ATLANTIS', reason: 'unknown area code "ATLANTIS"' });
    expect(errors[1]).toMatchObject({ value: 'PIRACY', reason: 'unknown category code "PIRACY"' });
  });

  it('bad months', async () => {
    const errors = await rejected(
      'crimes',
      csv(
        HEADER,
        '2013-13,BLABY,ROBBERY,1',
        '2014-05,BLABY,ROBBERY,2',
        '13-2013,BLABY,ROBBERY,3',
        '2014-5,BLABY,ROBBERY,4',
      ),
    );
    expect(where(errors)).toEqual([
      [2, 'month'],
      [4, 'month'],
      [5, 'month'],
    ]);
    expect(errors.map((e) => e.value)).toEqual(['2013-13', '13-2013', '2014-5']);
    expect(errors[0].reason).toContain('YYYY-MM');
  });

  it('negative and non-numeric counts', async () => {
    const errors = await rejected(
      'crimes',
      csv(HEADER, '2014-05,BLABY,ROBBERY,1', '2014-05,CHARNWOOD,ROBBERY,-5', '2014-05,HARBOROUGH,ROBBERY,2.5'),
    );
    expect(where(errors)).toEqual([
      [3, 'recorded'],
      [4, 'recorded'],
    ]);
    expect(errors[0].reason).toContain('negative');
  });

  it('satisfied greater than respondents', async () => {
    const errors = await rejected(
      'satisfaction',
      csv(
        'month,area_code,survey,aspect,respondents,satisfied',
        '2014-05,CITY,ALL_USERS,ACTIONS,100,90',
        '2014-05,CITY,ALL_USERS,FOLLOW_UP,100,101',
      ),
    );
    expect(where(errors)).toEqual([[3, 'satisfied']]);
    expect(errors[0].reason).toBe('satisfied (101) is greater than respondents (100)');
  });

  it('the same key twice in one file', async () => {
    const errors = await rejected(
      'crimes',
      csv(HEADER, '2014-05,BLABY,ROBBERY,1', '2014-05,CHARNWOOD,ROBBERY,2', '2014-05,BLABY,ROBBERY,3'),
    );
    expect(errors.map((e) => e.line)).toEqual([4]);
    expect(errors[0].reason).toContain('duplicate of line 2');
  });

  it('an empty file', async () => {
    const errors = await rejected('crimes', '');
    expect(where(errors)).toEqual([[1, null]]);
    expect(errors[0].reason).toContain('empty');
  });

  it('a loop in the area tree, within the file or through stored areas', async () => {
    const header = 'code,name,level,parent_code,population,population_year';
    const inFile = await rejected('areas', csv(header, 'LOOP_A,Loop A,BCU,LOOP_B,,', 'LOOP_B,Loop B,BCU,LOOP_A,,'));
    expect(where(inFile)).toEqual([
      [2, 'parent_code'],
      [3, 'parent_code'],
    ]);
    expect(inFile[0].reason).toContain('loop');
    // The force under one of its own LPUs.
    const throughStore = await rejected('areas', csv(header, 'LEICESTERSHIRE,Leicestershire Police,FORCE,BLABY,,'));
    expect(where(throughStore)).toEqual([[2, 'parent_code']]);
    const self = await rejected('areas', csv(header, 'SELFISH,Selfish,BCU,SELFISH,,'));
    expect(where(self)).toEqual([[2, 'parent_code']]);
  });

  it('many kinds of bad row in one file, each listed; a dry run is rejected the same way', async () => {
    const text = csv(
      HEADER,
      '2014-05,BLABY,ROBBERY,1',
      '2014-13,BLABY,ROBBERY,2',
      '2014-05,ATLANTIS,ROBBERY,3',
      '2014-05,CHARNWOOD,ROBBERY,-1',
      '2014-05,BLABY,ROBBERY,9',
      '2014-05,HARBOROUGH,ROBBERY',
    );
    for (const dryRun of [false, true]) {
      const errors = await rejected('crimes', text, { dryRun });
      expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
      expect(where(errors).slice(0, 3)).toEqual([
        [3, 'month'],
        [4, 'area_code'],
        [5, 'recorded'],
      ]);
    }
  });
});
