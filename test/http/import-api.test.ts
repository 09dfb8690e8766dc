/**
 * The import mutations over HTTP on the seeded server: importCsv(kind, csv, dryRun) and
 * importPoliceUk(csv, dryRun), a STEWARD key needed. A good file is written and counted; each
 * kind of bad file is a BAD_USER_INPUT error whose extensions.rowErrors lists every bad row
 * with line and column, and nothing of it is written; every import is in the audit log under
 * the key's name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiKey } from '../../src/auth/api-keys';
import { MAX_GRAPHQL_CSV_BYTES } from '../../src/import/import.resolver';
import { dataOf, startTestServer, type GraphQLResponse, type TestServer } from '../support/harness';

const NOVEMBER = join(
  __dirname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'real',
  'sanjiv576__Data_Science_Assginment_Recommendation_System',
  'crime_file',
  '2021-11',
  '2021-11-leicestershire-street.csv',
);

let server: TestServer;
const STEWARD = 'import-api-steward';
let steward: Record<string, string>;
let analyst: Record<string, string>;

async function keyFor(name: string, role: string): Promise<Record<string, string>> {
  const { key } = await createApiKey(server.db.prisma, { name, role }, { actor: 'cli', role: null });
  return { authorization: `Bearer ${key}` };
}

beforeAll(async () => {
  server = await startTestServer();
  steward = await keyFor(STEWARD, 'STEWARD');
  analyst = await keyFor('import-api-analyst', 'ANALYST');
});
afterAll(() => server.close());

const sql = <T = Record<string, unknown>>(query: string, ...params: unknown[]) =>
  server.db.prisma.$queryRawUnsafe<T[]>(query, ...params);

const IMPORT = `mutation($kind: CsvKind!, $csv: String!, $dryRun: Boolean) {
  importCsv(kind: $kind, csv: $csv, dryRun: $dryRun) {
    kind rowsRead inserted replaced rejected dryRun errors { line column value reason file }
  }
}`;
const IMPORT_POLICE_UK = `mutation($csv: String!, $dryRun: Boolean) {
  importPoliceUk(csv: $csv, dryRun: $dryRun) {
    dryRun rowsRead rowsCounted inserted replaced removed rejected rowsWithoutLsoa rowsOutsideLookup
    files { name rowsRead months } months { month rows rowsInLowerAreas rowsAtForceLevel }
    byLevel { level rows } byForce { area fallsWithin rows } outsideLookup { lsoaCode lsoaName rows } errors { line }
  }
}`;

const importCsv = (kind: string, csv: string, dryRun?: boolean) => server.gql(IMPORT, { kind, csv, dryRun }, steward);
const csv = (...lines: string[]) => lines.join('\n') + '\n';
const CRIMES = 'month,area_code,category_code,recorded';

/** Every table an import writes, fingerprinted, to prove a rejected file wrote nothing. */
async function fingerprint(): Promise<Record<string, string>> {
  const [row] = await sql<Record<string, string>>(`SELECT
    (SELECT md5(coalesce(string_agg(concat_ws(',', id, code, name, parent_id), ';' ORDER BY id), ''))
     FROM area) AS area,
    (SELECT md5(coalesce(string_agg(concat_ws(',', area_id, year, population), ';'
                                    ORDER BY area_id, year), ''))
     FROM area_population) AS population,
    (SELECT md5(coalesce(string_agg(concat_ws(',', area_id, category_id, month, recorded), ';'
                                    ORDER BY area_id, category_id, month), ''))
     FROM recorded_crime) AS crimes,
    (SELECT md5(coalesce(string_agg(concat_ws(',', area_id, survey, aspect, month, respondents, satisfied), ';'
                                    ORDER BY area_id, survey, aspect, month), ''))
     FROM satisfaction_response) AS satisfaction,
    (SELECT md5(coalesce(string_agg(concat_ws(',', category_id, area_id, month, recorded, outcomes), ';'
                                    ORDER BY category_id, area_id, month), ''))
     FROM fact_rollup) AS rollup,
    (SELECT count(*)::text FROM audit_log) AS audit`);
  return row;
}

/** The one error of a rejected import: BAD_USER_INPUT, no data, nothing written. */
async function rejected(
  kind: string,
  text: string,
): Promise<{
  message: string;
  rowErrors: { line: number; column: string | null; value: string | null; reason: string }[];
}> {
  const before = await fingerprint();
  const response = await importCsv(kind, text);
  expect(response.data).toBeNull();
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error.path).toEqual(['importCsv']);
  expect(await fingerprint()).toEqual(before);
  return { message: error.message, rowErrors: error.extensions!.rowErrors };
}
const where = (rowErrors: { line: number; column: string | null }[]) => rowErrors.map((e) => [e.line, e.column]);

async function recorded(area: string, category: string, month: string): Promise<number> {
  const data = dataOf(
    await server.gql(
      `{ performance(area: "${area}", category: "${category}", period: { month: "${month}" }) { recorded } }`,
      {},
      steward,
    ),
  );
  return data.performance.recorded;
}

async function lastAudit(action: string) {
  const [entry] = await sql(
    `SELECT actor, role, action, target, rows, details FROM audit_log WHERE action = $1 ORDER BY id DESC LIMIT 1`,
    action,
  );
  return { ...entry, details: typeof entry.details === 'string' ? JSON.parse(entry.details) : entry.details };
}

describe('who may import', () => {
  it('anonymous callers are UNAUTHENTICATED, analysts FORBIDDEN; nothing is written', async () => {
    const before = await fingerprint();
    const anonymous = await server.gql(IMPORT, { kind: 'CRIMES', csv: csv(CRIMES, '2014-08,BLABY,ROBBERY,1') });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const asAnalyst = await server.gql(
      IMPORT_POLICE_UK,
      { csv: readFileSync(NOVEMBER, 'utf8').split('\n').slice(0, 20).join('\n') },
      analyst,
    );
    expect(asAnalyst.errors![0].extensions!.code).toBe('FORBIDDEN');
    // A whole street file is more than a role that cannot import may send: refused while it is read.
    const wholeFile = await server.gql(IMPORT_POLICE_UK, { csv: readFileSync(NOVEMBER, 'utf8') }, analyst);
    expect([wholeFile.status, wholeFile.errors![0].extensions!.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await fingerprint()).toEqual(before);
  });
});

describe('importCsv: a good file', () => {
  it('is written and counted, figures follow, and the audit log names the key', async () => {
    const response = await importCsv(
      'CRIMES',
      csv(CRIMES, '2014-08,BLABY,ROBBERY,4', '2014-08,CITY_CENTRE,ROBBERY,6', '2013-11,BLABY,DOMESTIC_BURGLARY,33'),
    );
    expect(dataOf(response).importCsv).toEqual({
      kind: 'CRIMES',
      rowsRead: 3,
      inserted: 2,
      replaced: 1,
      rejected: 0,
      dryRun: false,
      errors: [],
    });
    expect(await recorded('LEICESTERSHIRE', 'ROBBERY', '2014-08')).toBe(10);
    expect(await lastAudit('IMPORT_CSV')).toEqual({
      actor: STEWARD,
      role: 'STEWARD',
      action: 'IMPORT_CSV',
      target: 'crimes',
      rows: 3,
      details: { kind: 'crimes', file: 'csv', rowsRead: 3, inserted: 2, replaced: 1 },
    });
  });

  it('a dry run counts and writes nothing', async () => {
    const before = await fingerprint();
    const response = await importCsv('CRIMES', csv(CRIMES, '2014-09,BLABY,ROBBERY,4', '2014-08,BLABY,ROBBERY,5'), true);
    expect(dataOf(response).importCsv).toMatchObject({ rowsRead: 2, inserted: 1, replaced: 1, dryRun: true });
    expect(await fingerprint()).toEqual(before);
  });

  it('a UTF-8 byte-order mark, Windows line ends, and quoted fields with commas are read', async () => {
    expect(
      dataOf(
        await importCsv(
          'CRIMES',
          `\uFEFF${CRIMES}\r\n2014-10,BLABY,SHOPLIFTING,7\r\n2014-10,HARBOROUGH,SHOPLIFTING,8\r\n`,
        ),
      ).importCsv,
    ).toMatchObject({ rowsRead: 2, inserted: 2 });
    expect(await recorded('COUNTIES', 'SHOPLIFTING', '2014-10')).toBe(15);
    const areas = await importCsv(
      'AREAS',
      csv(
        'code,name,level,parent_code,population,population_year',
        'MARKET_BOSWORTH,"Market Bosworth, Hinckley",NEIGHBOURHOOD,HINCKLEY_BOSWORTH,12000,2013',
      ),
    );
    expect(dataOf(areas).importCsv).toMatchObject({ kind: 'AREAS', rowsRead: 1, inserted: 1 });
    const { area } = dataOf(await server.gql(`{ area(code: "MARKET_BOSWORTH") { name parent { code } } }`));
    expect(area).toEqual({ name: 'Market Bosworth, Hinckley', parent: { code: 'HINCKLEY_BOSWORTH' } });
  });

  it('the new kinds and the sensitive column', async () => {
    expect(
      dataOf(await importCsv('LSOA_LOOKUP', csv('lsoa_code,area_code', 'E01099998,MARKET_BOSWORTH'))).importCsv,
    ).toMatchObject({ kind: 'LSOA_LOOKUP', inserted: 1 });
    expect(
      dataOf(
        await importCsv('CRIME_TYPE_MAPPING', csv('crime_type,category_code', 'Fraud,MISC_CRIMES_AGAINST_SOCIETY')),
      ).importCsv,
    ).toMatchObject({ kind: 'CRIME_TYPE_MAPPING', inserted: 1 });
    const categories = await importCsv(
      'CATEGORIES',
      csv(
        'code,name,parent_code,kind,sensitive',
        'MODERN_SLAVERY,Modern slavery,VIOLENCE_AGAINST_THE_PERSON,CRIME,true',
      ),
    );
    expect(dataOf(categories).importCsv).toMatchObject({ kind: 'CATEGORIES', inserted: 1 });
    expect((await sql(`SELECT sensitive FROM crime_category WHERE code = 'MODERN_SLAVERY'`))[0].sensitive).toBe(true);
  });
});

describe('importCsv: a bad file is rejected whole, every bad row listed with line and column, nothing written', () => {
  it('a wrong header', async () => {
    const { rowErrors, message } = await rejected(
      'CRIMES',
      csv('month,area,category,recorded', '2014-11,BLABY,ROBBERY,1'),
    );
    expect(where(rowErrors)).toEqual([[1, null]]);
    expect(rowErrors[0].reason).toContain('expected month,area_code,category_code,recorded');
    expect(message).toContain('rejected, nothing was written');
  });

  it('a header for another kind', async () => {
    const { rowErrors } = await rejected('OUTCOMES', csv(CRIMES, '2014-11,BLABY,ROBBERY,1'));
    expect(rowErrors[0].reason).toContain('wrong header for outcomes');
  });

  it('unknown codes', async () => {
    const { rowErrors } = await rejected(
      'CRIMES',
      csv(
        CRIMES,
        '2014-11,BLABY,ROBBERY,1',
        '2014-11,ATLANTIS,ROBBERY,2',
        '2014-11,BLABY,PIRACY,3',
        '2014-11,ATLANTIS,PIRACY,4',
      ),
    );
    expect(where(rowErrors)).toEqual([
      [3, 'area_code'],
      [4, 'category_code'],
      [5, 'area_code'],
      [5, 'category_code'],
    ]);
    expect(rowErrors[0]).toEqual({
      line: 3,
      column: 'area_code',
      value: 'ATLANTIS',
      reason: 'unknown area code "ATLANTIS"',
    });
  });

  it('bad months', async () => {
    const { rowErrors } = await rejected(
      'CRIMES',
      csv(CRIMES, '2014-13,BLABY,ROBBERY,1', '14-2014,BLABY,ROBBERY,2', '2014-11,BLABY,ROBBERY,3'),
    );
    expect(where(rowErrors)).toEqual([
      [2, 'month'],
      [3, 'month'],
    ]);
    expect(rowErrors.map((e) => e.value)).toEqual(['2014-13', '14-2014']);
    expect(rowErrors[0].reason).toContain('YYYY-MM');
  });

  it('negative counts', async () => {
    const { rowErrors } = await rejected(
      'OUTCOMES',
      csv(
        'month,area_code,category_code,outcome_type,count',
        '2014-11,BLABY,ROBBERY,CAUTION,-2',
        '2014-11,BLABY,ROBBERY,TIC,1',
      ),
    );
    expect(where(rowErrors)).toEqual([[2, 'count']]);
    expect(rowErrors[0].reason).toContain('negative');
  });

  it('satisfied greater than respondents', async () => {
    const { rowErrors } = await rejected(
      'SATISFACTION',
      csv(
        'month,area_code,survey,aspect,respondents,satisfied',
        '2014-11,CITY,ASB,ACTIONS,10,9',
        '2014-11,CITY,ASB,FOLLOW_UP,10,11',
      ),
    );
    expect(where(rowErrors)).toEqual([[3, 'satisfied']]);
    expect(rowErrors[0].reason).toBe('satisfied (11) is greater than respondents (10)');
  });

  it('duplicate keys inside one file', async () => {
    const { rowErrors } = await rejected(
      'CRIMES',
      csv(CRIMES, '2014-11,BLABY,ROBBERY,1', '2014-11,CHARNWOOD,ROBBERY,2', '2014-11,BLABY,ROBBERY,3'),
    );
    expect(where(rowErrors)).toEqual([[4, null]]);
    expect(rowErrors[0].reason).toContain('duplicate of line 2');
  });

  it('an empty file', async () => {
    const { rowErrors } = await rejected('CRIMES', '');
    expect(where(rowErrors)).toEqual([[1, null]]);
    expect(rowErrors[0].reason).toContain('empty');
  });

  it('every problem at once, with Windows line ends and a byte-order mark: all listed', async () => {
    const text =
      `\uFEFF${CRIMES}\r\n2014-11,BLABY,ROBBERY,1\r\n2014-00,BLABY,ROBBERY,2\r\n2014-11,NOWHERE,ROBBERY,3\r\n` +
      `2014-11,CHARNWOOD,ROBBERY,-3\r\n2014-11,BLABY,ROBBERY,4\r\n"2014-11",HARBOROUGH,"ROBBERY, ARMED",5\r\n`;
    const { rowErrors } = await rejected('CRIMES', text);
    expect(where(rowErrors)).toEqual([
      [3, 'month'],
      [4, 'area_code'],
      [5, 'recorded'],
      [6, null],
      [7, 'category_code'],
    ]);
    expect(rowErrors[4].value).toBe('ROBBERY, ARMED');
  });

  it('a kind that does not exist is a validation error', async () => {
    const response = await importCsv('BURGLARIES', csv(CRIMES));
    expect(response.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it(`a csv over ${MAX_GRAPHQL_CSV_BYTES / 1024 / 1024} MB: a clear error pointing to the command line`, async () => {
    const before = await fingerprint();
    const big = `${CRIMES}\n${'2014-12,BLABY,ROBBERY,1\n'.repeat(Math.ceil(MAX_GRAPHQL_CSV_BYTES / 24) + 10)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_GRAPHQL_CSV_BYTES);
    const response = await importCsv('CRIMES', big);
    expect(response.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'csv',
      limitBytes: MAX_GRAPHQL_CSV_BYTES,
    });
    expect(response.errors![0].message).toContain('npm run import');
    expect(await fingerprint()).toEqual(before);
  });
});

describe('importPoliceUk', () => {
  it('a real month: counted into LPUs and the force, reported, audited under the key', async () => {
    const text = readFileSync(NOVEMBER, 'utf8');
    const response: GraphQLResponse = await server.gql(IMPORT_POLICE_UK, { csv: text }, steward);
    const result = dataOf(response).importPoliceUk;
    expect(result).toMatchObject({
      dryRun: false,
      rowsRead: 8718,
      rowsCounted: 8718,
      replaced: 0,
      removed: 0,
      rejected: 0,
      rowsWithoutLsoa: 64,
      rowsOutsideLookup: 19,
      files: [{ name: 'csv', rowsRead: 8718, months: ['2021-11'] }],
      months: [{ month: '2021-11', rows: 8718, rowsInLowerAreas: 8718 - 83, rowsAtForceLevel: 83 }],
      byLevel: [
        { level: 'LPU', rows: 8635 },
        { level: 'FORCE', rows: 83 },
      ],
      byForce: [{ area: 'LEICESTERSHIRE', fallsWithin: 'Leicestershire Police', rows: 8718 }],
      errors: [],
    });
    expect(result.outsideLookup.reduce((s: number, l: { rows: number }) => s + l.rows, 0)).toBe(19);
    expect(await recorded('LEICESTERSHIRE', 'ALL_CRIME', '2021-11')).toBe(8718 - 716);
    expect(await recorded('LEICESTERSHIRE', 'ANTI_SOCIAL_BEHAVIOUR', '2021-11')).toBe(716);
    const audit = await lastAudit('IMPORT_POLICE_UK');
    expect(audit).toMatchObject({ actor: STEWARD, role: 'STEWARD', target: 'police_uk', rows: result.inserted });
    expect(audit.details).toMatchObject({ files: ['csv'], months: ['2021-11'], rowsRead: 8718 });

    // Again, as a dry run: every cell would be replaced by itself.
    const dry = dataOf(await server.gql(IMPORT_POLICE_UK, { csv: text, dryRun: true }, steward)).importPoliceUk;
    expect(dry).toMatchObject({ dryRun: true, inserted: 0, replaced: result.inserted, removed: 0 });
  });

  it('a bad file: BAD_USER_INPUT, every bad row with file, line and column, nothing written', async () => {
    const before = await fingerprint();
    const header =
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,' +
      'LSOA code,LSOA name,Crime type,Last outcome category,Context';
    const row = (month: string, force: string, type: string) =>
      `,${month},${force},${force},-1.1,52.6,On or near Here,E01025631,Blaby 002A,${type},,`;
    const text = [
      header,
      row('2022-03', 'Leicestershire Police', 'Burglary'),
      row('2022-3', 'Leicestershire Police', 'Burglary'),
      row('2022-03', 'Gotham Police', 'Burglary'),
      row('2022-03', 'Leicestershire Police', 'Piracy'),
    ].join('\r\n');
    const response = await server.gql(IMPORT_POLICE_UK, { csv: text }, steward);
    expect(response.data).toBeNull();
    const [error] = response.errors!;
    expect(error.extensions!.code).toBe('BAD_USER_INPUT');
    const rowErrors = error.extensions!.rowErrors as { file: string; line: number; column: string; value: string }[];
    expect(rowErrors.map((e) => [e.file, e.line, e.column, e.value])).toEqual([
      ['csv', 3, 'Month', '2022-3'],
      ['csv', 4, 'Falls within', 'Gotham Police'],
      ['csv', 5, 'Crime type', 'Piracy'],
    ]);
    expect(await fingerprint()).toEqual(before);
  });
});
