/**
 * The response cache and Cache-Control over HTTP, on the seed, with the cache on (in memory):
 * a repeated query is a hit that issues no SQL; anonymous and keyed callers (and each role)
 * have entries of their own, so withheld figures never reach a key and a key's figures never
 * reach an anonymous caller; a write or an import makes the next read a miss with the new
 * figure; errors, mutations and admin data are never stored; headers say who may keep what.
 */
import { createApiKey } from '../../src/auth/api-keys';
import { DIMENSIONS_MAX_AGE, FIGURES_MAX_AGE, OPEN_PERIOD_MAX_AGE } from '../../src/cache/cache-hints';
import { buildAppSchema } from '../../src/schema';
import { startApp } from '../../src/server/app';
import { dataOf, startTestServer, testConfig, type GraphQLResponse, type TestServer } from '../support/harness';

let server: TestServer;
let steward: Record<string, string>;
let partner: Record<string, string>;
let analyst: Record<string, string>;
let admin: Record<string, string>;

interface Reply<T = any> extends GraphQLResponse<T> {
  status: number;
  headers: Headers;
  cache: { status: string; maxAge?: number; scope?: string } | undefined;
  sql: number;
}

async function post<T = any>(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return {
    ...body,
    status: res.status,
    headers: res.headers,
    cache: body.extensions?.cache as Reply['cache'],
    sql: body.extensions?.sqlStatements as number,
  };
}

const key = async (name: string, role: string) => ({
  authorization: `Bearer ${(await createApiKey(server.db.prisma, { name, role }, { actor: 'cli', role: null })).key}`,
});

beforeAll(async () => {
  server = await startTestServer({ config: { cache: { responseCache: true } } });
  steward = await key('cache-steward', 'STEWARD');
  partner = await key('cache-partner', 'PARTNER');
  analyst = await key('cache-analyst', 'ANALYST');
  admin = await key('cache-admin', 'ADMIN');
});
afterAll(() => server.close());

const FIGURE = `query($area: String!, $category: String!, $period: PeriodInput!) {
  performance(area: $area, category: $category,
    period: $period) { recorded previousRecorded disclosure { withheld method } }
}`;
const SET_RECORDED = `mutation($month: String!, $area: String!, $category: String!, $recorded: Int) {
  setRecordedCrime(month: $month, area: $area, category: $category, recorded: $recorded) { recorded previous }
}`;
const IMPORT =
  `mutation($kind: CsvKind!, $csv: String!, $dryRun: Boolean) { importCsv(kind: $kind, csv: $csv, ` +
  `dryRun: $dryRun) { rowsRead replaced } }`;

/** The stored count of one LPU, leaf category and month, from the base table. */
async function stored(month: number, area: string, category: string): Promise<number> {
  const [row] = await server.db.prisma.$queryRawUnsafe<{ recorded: number }[]>(
    `SELECT r.recorded FROM recorded_crime r JOIN area a ON a.id = r.area_id JOIN crime_category c ON c.id =
       r.category_id
     WHERE r.month = $1 AND a.code = $2 AND c.code = $3`,
    month,
    area,
    category,
  );
  return row.recorded;
}

describe('hits and misses', () => {
  it('the first request misses and runs; the same request again hits with the same figures and no SQL', async () => {
    const vars = { area: 'LEICESTERSHIRE', category: 'ALL_CRIME', period: { financialYear: '2012-13' } };
    const first = await post(FIGURE, vars);
    expect(first.cache).toEqual({ status: 'MISS', maxAge: FIGURES_MAX_AGE, scope: 'PUBLIC' });
    expect(first.sql).toBeGreaterThan(0);
    const second = await post(FIGURE, vars);
    expect(second.cache?.status).toBe('HIT');
    expect(second.sql).toBe(0);
    expect(second.data).toEqual(first.data);
    expect(second.data.performance.recorded).toBe(first.data.performance.recorded);
    expect(second.data.performance.recorded).toBeGreaterThan(0);
  });

  it('the same document in another layout hits; other variables or another operation miss', async () => {
    const q = 'query Areas($level: AreaLevel) { areas(level: $level) { code } }';
    const first = await post(q, { level: 'BCU' });
    expect(first.cache?.status).toBe('MISS');
    const relaid = await post(
      '# the BCUs\nquery Areas($level: AreaLevel) {\n  areas(level: $level) {\n    code\n  }\n}',
      { level: 'BCU' },
    );
    expect(relaid.cache?.status).toBe('HIT');
    expect(relaid.data.areas.map((a: any) => a.code).sort()).toEqual(['CITY', 'COUNTIES']);
    const lpus = await post(q, { level: 'LPU' });
    expect(lpus.cache?.status).toBe('MISS');
    expect(lpus.data.areas.length).toBeGreaterThan(2);
    const named = await post('query Other($level: AreaLevel) { areas(level: $level) { code } }', { level: 'BCU' });
    expect(named.cache?.status).toBe('MISS');
  });
});

describe('audience', () => {
  it(`anonymous callers and each role have entries of their own: perturbed figures never reach a key, \
nor a key's exact figures an anonymous caller`, async () => {
    // LPU, sensitive category and month cells where the count is small (1 to 4): perturbed for
    // anonymous callers. The first whose perturbed count differs from the true one shows a leak.
    const candidates = await server.db.prisma.$queryRawUnsafe<{ area: string; month: string; recorded: number }[]>(
      `SELECT a.code AS area, to_char(to_date(r.month::text, 'YYYYMM'), 'YYYY-MM') AS month, r.recorded
       FROM recorded_crime r JOIN area a ON a.id = r.area_id JOIN crime_category k ON k.id = r.category_id
       WHERE a.level = 'LPU' AND k.code = 'SEXUAL_OFFENCES' AND k.sensitive AND r.recorded BETWEEN 1 AND 4 AND
         r.month >= 201204
       ORDER BY r.month, a.code LIMIT 20`,
    );
    const vars = (c: { area: string; month: string }) => ({
      area: c.area,
      category: 'SEXUAL_OFFENCES',
      period: { month: c.month },
    });
    let c: (typeof candidates)[number] | undefined;
    let anonymous: Reply | undefined;
    for (const candidate of candidates) {
      anonymous = await post(FIGURE, vars(candidate));
      expect(anonymous.cache?.status).toBe('MISS');
      expect(anonymous.data.performance.disclosure).toEqual({ withheld: false, method: 'PERTURBED' });
      if (anonymous.data.performance.recorded !== candidate.recorded) {
        c = candidate;
        break;
      }
    }
    expect(c).toBeDefined();
    const perturbed = anonymous!.data.performance.recorded;

    const keyed = await post(FIGURE, vars(c!), partner);
    expect(keyed.cache?.status).toBe('MISS');
    expect(keyed.data.performance).toMatchObject({ recorded: c!.recorded, disclosure: { method: 'EXACT' } });

    const anonymousAgain = await post(FIGURE, vars(c!));
    expect(anonymousAgain.cache?.status).toBe('HIT');
    expect(anonymousAgain.data.performance.recorded).toBe(perturbed);
    expect((anonymousAgain.extensions?.warnings as { code: string }[]).map((w) => w.code)).toContain(
      'FIGURES_PERTURBED',
    );
    const keyedAgain = await post(FIGURE, vars(c!), partner);
    expect(keyedAgain.cache?.status).toBe('HIT');
    expect(keyedAgain.data.performance.recorded).toBe(c!.recorded);
    expect(keyedAgain.extensions?.warnings).toBeUndefined();

    // Another role is another audience; another key of the same role shares its role's entries.
    const otherRole = await post(FIGURE, vars(c!), analyst);
    expect([otherRole.cache?.status, otherRole.data.performance.recorded]).toEqual(['MISS', c!.recorded]);
    const sameRole = await post(FIGURE, vars(c!), await key('cache-partner-2', 'PARTNER'));
    expect([sameRole.cache?.status, sameRole.data.performance.recorded, sameRole.sql]).toEqual(['HIT', c!.recorded, 0]);
  });
});

describe('invalidation', () => {
  it('a mutation makes the next read miss, with the new figure', async () => {
    const month = 201309;
    const before = await stored(month, 'BLABY', 'DOMESTIC_BURGLARY');
    const vars = { area: 'BLABY', category: 'DOMESTIC_BURGLARY', period: { month: '2013-09' } };
    expect((await post(FIGURE, vars)).data.performance.recorded).toBe(before);
    expect((await post(FIGURE, vars)).cache?.status).toBe('HIT');

    const written = await post(
      SET_RECORDED,
      { month: '2013-09', area: 'BLABY', category: 'DOMESTIC_BURGLARY', recorded: before + 5 },
      steward,
    );
    expect(dataOf(written).setRecordedCrime).toEqual({ recorded: before + 5, previous: before });
    expect(written.cache?.status).toBe('BYPASS');

    const after = await post(FIGURE, vars);
    expect(after.cache?.status).toBe('MISS');
    expect(after.data.performance.recorded).toBe(before + 5);
    expect((await post(FIGURE, vars)).cache?.status).toBe('HIT');
    // Dimension lists are keyed by the same version: they miss once too.
  });

  it(`importCsv makes the next read miss with the imported figure; \
a dry run changes nothing and keeps the cache`, async () => {
    const vars = { area: 'BLABY', category: 'DOMESTIC_BURGLARY', period: { month: '2013-08' } };
    const before = await stored(201308, 'BLABY', 'DOMESTIC_BURGLARY');
    expect((await post(FIGURE, vars)).data.performance.recorded).toBe(before);
    expect((await post(FIGURE, vars)).cache?.status).toBe('HIT');

    const csv = `month,area_code,category_code,recorded\n2013-08,BLABY,DOMESTIC_BURGLARY,${before + 11}\n`;
    const dry = await post(IMPORT, { kind: 'CRIMES', csv, dryRun: true }, steward);
    expect(dataOf(dry).importCsv).toEqual({ rowsRead: 1, replaced: 1 });
    const stillCached = await post(FIGURE, vars);
    expect([stillCached.cache?.status, stillCached.data.performance.recorded]).toEqual(['HIT', before]);

    const imported = await post(IMPORT, { kind: 'CRIMES', csv }, steward);
    expect(dataOf(imported).importCsv).toEqual({ rowsRead: 1, replaced: 1 });
    const after = await post(FIGURE, vars);
    expect(after.cache?.status).toBe('MISS');
    expect(after.data.performance.recorded).toBe(before + 11);
  });

  it('importPoliceUk bumps the data version too', async () => {
    const version = await server.app.services.dataVersion.current();
    const header =
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime ' +
      'type,Last outcome category,Context';
    const csv = `${header}\n,2014-09,Leicestershire Police,Leicestershire Police,,,No Location,,,Burglary,,\n`;
    const result = await post('mutation($csv: String!) { importPoliceUk(csv: $csv) { rowsRead } }', { csv }, steward);
    expect(dataOf(result).importPoliceUk.rowsRead).toBe(1);
    expect(await server.app.services.dataVersion.current()).toBe(version + 1);
  });
});

describe('what is never stored', () => {
  it('a response with errors: every request runs again', async () => {
    const vars = { area: 'NOWHERE', category: 'ALL_CRIME', period: { financialYear: '2013-14' } };
    for (let i = 0; i < 2; i++) {
      const r = await post(FIGURE, vars);
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(r.cache?.status).toBe('MISS');
      expect(r.sql).toBeGreaterThan(0);
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    // Partly good, partly bad: not stored either.
    const mixed = '{ areas(level: BCU) { code } area(code: "NOWHERE") { code } }';
    expect((await post(mixed)).cache?.status).toBe('MISS');
    const again = await post(mixed);
    expect(again.cache?.status).toBe('MISS');
    expect(again.data.areas).toHaveLength(2);
  });

  it('mutations bypass the cache and are no-store', async () => {
    const r = await post(
      'mutation { renamePeerGroup(code: "LEICESTERSHIRE_MSG", name: "Most similar group") { name } }',
      undefined,
      steward,
    );
    expect(dataOf(r).renamePeerGroup.name).toBe('Most similar group');
    expect(r.cache).toEqual({ status: 'BYPASS', maxAge: 0, scope: 'PRIVATE' });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('admin data (API keys, the audit log) is never stored or shared, even beside public fields', async () => {
    for (const q of [
      '{ apiKeys { name role } }',
      '{ auditLog(first: 5) { id action } }',
      '{ areas(level: BCU) { code } apiKeys { name } }',
    ]) {
      for (let i = 0; i < 2; i++) {
        const r = await post(q, undefined, admin);
        expect(r.errors).toBeUndefined();
        expect(r.cache).toEqual({ status: 'BYPASS', maxAge: 0, scope: 'PRIVATE' });
        expect(r.sql).toBeGreaterThan(0);
        expect(r.headers.get('cache-control')).toBe('no-store');
      }
    }
    // A key made since is listed at once: nothing stale was kept.
    await key('cache-admin-later', 'PARTNER');
    const keys = dataOf<any>(await post('{ apiKeys { name } }', undefined, admin)).apiKeys.map((k: any) => k.name);
    expect(keys).toContain('cache-admin-later');
  });

  it('introspection is not stored', async () => {
    const r = await post('{ __schema { queryType { name } } }');
    expect(r.cache).toEqual({ status: 'BYPASS', maxAge: 0, scope: 'PUBLIC' });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });
});

describe('Cache-Control', () => {
  it('anonymous: public; keyed: private; dimension lists an hour, closed figures half an hour', async () => {
    const dims = await post('{ categories { code } }');
    expect(dims.headers.get('cache-control')).toBe(`public, max-age=${DIMENSIONS_MAX_AGE}`);
    expect(dims.headers.get('vary')).toBe('Authorization');
    const dimsKeyed = await post('{ categories { code } }', undefined, partner);
    expect(dimsKeyed.headers.get('cache-control')).toBe(`private, max-age=${DIMENSIONS_MAX_AGE}`);
    const figures = await post(
      '{ leagueTable(category: "ALL_CRIME", period: { financialYear: "2013-14" }) { recorded } categories { code } }',
    );
    expect(figures.headers.get('cache-control')).toBe(`public, max-age=${FIGURES_MAX_AGE}`);
    expect(figures.data.leagueTable.length).toBeGreaterThan(1);
  });

  it(`a period reaching into the open months (this month or the last) is kept a minute only, \
through every figure query`, async () => {
    const now = new Date();
    const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    // Data for this month first: a period with no month of data is an error (PERIOD_OUTSIDE_DATA), not a row of zeros.
    for (const [kind, csv] of [
      ['CRIMES', `month,area_code,category_code,recorded\n${thisMonth},BLABY,DOMESTIC_BURGLARY,3\n`],
      [
        'SATISFACTION',
        `month,area_code,survey,aspect,respondents,satisfied\n${thisMonth},CITY,ALL_USERS,WHOLE_EXPERIENCE,10,8\n`,
      ],
    ]) {
      expect((await post(IMPORT, { kind, csv }, steward)).errors).toBeUndefined();
    }
    const queries = [
      `{ performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: { rollingMonths: 12, ` +
        `asOf: "${thisMonth}" }) { recorded } }`,
      `{ leagueTable(category: "ALL_CRIME", period: { month: "${thisMonth}" }) { recorded } }`,
      `{ satisfaction(area: "LEICESTERSHIRE", survey: ALL_USERS, asOf: "${thisMonth}") { rate } }`,
    ];
    for (const q of queries) {
      const first = await post(q);
      expect(first.errors).toBeUndefined();
      expect(first.cache).toEqual({ status: 'MISS', maxAge: OPEN_PERIOD_MAX_AGE, scope: 'PUBLIC' });
      expect(first.headers.get('cache-control')).toBe(`public, max-age=${OPEN_PERIOD_MAX_AGE}`);
      const again = await post(q);
      expect(again.cache?.status).toBe('HIT');
      expect(again.cache!.maxAge).toBeLessThanOrEqual(OPEN_PERIOD_MAX_AGE);
      expect(again.headers.get('cache-control')).toBe(`public, max-age=${again.cache!.maxAge}`);
    }
  });

  it('a hit says how long it has left, never longer than its policy', async () => {
    await post('{ plans { code } }');
    const hit = await post('{ plans { code } }');
    expect(hit.cache?.status).toBe('HIT');
    expect(hit.cache!.maxAge).toBeGreaterThan(DIMENSIONS_MAX_AGE - 5);
    expect(hit.cache!.maxAge).toBeLessThanOrEqual(DIMENSIONS_MAX_AGE);
  });
});

describe('Vary', () => {
  it('with CORS on, a response varies by Origin and by Authorization', async () => {
    const cors = await startTestServer({ seed: false, config: { corsOrigins: ['https://dash.example'] } });
    try {
      const res = await fetch(`${cors.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://dash.example' },
        body: JSON.stringify({ query: '{ categories { code } }' }),
      });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example');
      expect(res.headers.get('vary')).toBe('Origin, Authorization');
    } finally {
      await cors.close();
    }
  });
});

describe('with the response cache off', () => {
  it('nothing is stored or reported, and headers are still sent', async () => {
    // A second instance on the same store, with the harness's default: no response cache.
    const off = await startApp(server.db, await buildAppSchema(), { port: 0, config: testConfig() });
    try {
      const query =
        '{ performance(area: "LEICESTERSHIRE", category: "BURGLARY", ' +
        'period: { financialYear: "2013-14" }) { recorded } }';
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${off.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as GraphQLResponse;
        expect(body.extensions?.cache).toBeUndefined();
        expect(body.extensions?.sqlStatements).toBeGreaterThan(0);
        expect(body.data.performance.recorded).toBeGreaterThan(0);
        expect(res.headers.get('cache-control')).toBe(`public, max-age=${FIGURES_MAX_AGE}`);
      }
    } finally {
      await off.close();
    }
  });
});
