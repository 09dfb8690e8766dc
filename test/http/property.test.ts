/**
 * Property-based tests (fast-check): generated GraphQL arguments, periods and CSV rows, hostile
 * strings and numbers among them. Whatever the input, the server answers with a stable code and
 * never a 5xx or INTERNAL_SERVER_ERROR, and an import it rejects changes nothing. Runs are
 * bounded (a few hundred requests in all) and seeded by fast-check, which prints the seed and
 * the shrunk counterexample of a failure so it can be replayed.
 */
import fc from 'fast-check';
import { createApiKey } from '../../src/auth/api-keys';
import { CLI_ACTOR } from '../../src/auth/caller';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/harness';

let server: TestServer;
let steward: string;
beforeAll(async () => {
  server = await startTestServer();
  steward = (
    await createApiKey(
      server.db.prisma,
      { name: 'property-steward', role: 'STEWARD' },
      { actor: CLI_ACTOR, role: null },
    )
  ).key;
});
afterAll(async () => {
  await server?.close();
});

/** Strings an attacker or a broken client sends: control characters, quotes, SQL, lone surrogates, long runs. */
const hostileString = fc.oneof(
  fc.string(),
  fc.fullUnicodeString({ maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'CITY\u0000',
    "'; DROP TABLE area; --",
    '%',
    '_',
    '\\',
    '"',
    '\ud800',
    '\uffff',
    '\u202e',
    'NaN',
    '-1',
    '1e400',
    'LEICESTERSHIRE',
  ),
  fc.string({ minLength: 1, maxLength: 3 }).map((s) => s.repeat(2_000)),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, 0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const month = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 13 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  hostileString,
);
const period = fc.oneof(
  fc.record({ from: month, to: month }),
  fc.record({
    financialYear: fc.oneof(
      fc.integer({ min: 1990, max: 2040 }).map((y) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`),
      hostileString,
    ),
  }),
  fc.record({ financialYear: month, asOf: month }),
  fc.record({ from: month, to: month, asOf: month }, { requiredKeys: [] }),
);

/** No 5xx, no internal error: every error carries a code a client can act on. */
function expectHandled(r: GraphQLResponse & { status: number }): void {
  expect(r.status).toBeLessThan(500);
  for (const e of r.errors ?? []) {
    expect(e.extensions?.code).toBeDefined();
    expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  }
}

const DOCUMENTS = {
  area: 'query($code: String!) { area(code: $code) { code name children { code } } }',
  areas:
    'query($first: Int, $offset: Int, $parent: String) { areas(first: $first, offset: $offset, ' +
    'parent: $parent) { code } }',
  performance:
    'query($area: String!, $category: String!, $period: PeriodInput!) { performance(area: $area, ' +
    'category: $category, period: $period) { recorded change { percent } monthly { month recorded } } }',
  league:
    'query($category: String!, $within: String, $period: PeriodInput!, ' +
    '$first: Int) { leagueTable(category: $category, level: LPU, within: $within, period: $period, ' +
    'first: $first) { area { code } } }',
};

describe('generated GraphQL arguments', () => {
  it('area and areas: hostile codes and page sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString,
        fc.option(hostileNumber),
        fc.option(hostileNumber),
        fc.option(hostileString),
        async (code, first, offset, parent) => {
          expectHandled(await server.gql(DOCUMENTS.area, { code }));
          expectHandled(await server.gql(DOCUMENTS.areas, { first, offset, parent }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('performance and league tables: hostile areas, categories and periods', async () => {
    const area = fc.oneof(fc.constantFrom('LEICESTERSHIRE', 'CITY', 'BLABY'), hostileString);
    const category = fc.oneof(fc.constantFrom('ALL_CRIME', 'BURGLARY'), hostileString);
    await fc.assert(
      fc.asyncProperty(area, category, period, fc.option(hostileNumber), async (a, c, p, first) => {
        expectHandled(await server.gql(DOCUMENTS.performance, { area: a, category: c, period: p }));
        expectHandled(await server.gql(DOCUMENTS.league, { category: c, within: a, period: p, first }));
      }),
      { numRuns: 60 },
    );
  });
});

describe('generated CSV rows', () => {
  const snapshot = async () =>
    JSON.stringify(
      await server.db.prisma.$queryRawUnsafe(
        `SELECT count(*)::int AS n, coalesce(sum(recorded), 0)::text AS total FROM recorded_crime`,
      ),
    );

  it('an import either succeeds or is rejected with row errors, and a rejected one changes nothing', async () => {
    const cell = fc.oneof(hostileString, hostileNumber.map(String));
    const row = fc.tuple(
      fc.oneof(month, fc.constant('2013-04')),
      fc.oneof(fc.constantFrom('BLABY', 'CITY'), cell),
      fc.oneof(fc.constant('ALL_CRIME'), cell),
      fc.oneof(fc.integer({ min: 0, max: 1000 }).map(String), cell),
    );
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 5 }), async (rows) => {
        const csv = `month,area_code,category_code,recorded\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`;
        const before = await snapshot();
        const r = await server.gql(
          'mutation($csv: String!) { importCsv(kind: CRIMES, csv: $csv) { rowsRead } }',
          { csv },
          { authorization: `Bearer ${steward}` },
        );
        expectHandled(r);
        if (r.errors?.length) {
          expect(r.errors[0].extensions!.code).toBe('BAD_USER_INPUT');
          expect(await snapshot()).toBe(before);
        } else {
          expect(r.data.importCsv.rowsRead).toBe(rows.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});
