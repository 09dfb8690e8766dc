/**
 * The requested cost (computed before a query runs, and charged against the rate limit) bounds
 * the actual cost (computed from the response): over every example of examples/, every
 * benchmark operation of bench/operations, the league table of issue 13 and generated documents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { graphqlVariables, type OperationName } from '../../bench/bespoke';
import { loadExamples } from '../support/examples';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Cost = { requestedQueryCost: number; actualQueryCost: number };
const costOf = (r: GraphQLResponse) => r.extensions?.cost as Cost;

/** actual <= requested; a document refused by cost ran nothing and bounds nothing. */
function expectBounded(name: string, r: GraphQLResponse & { status: number }): void {
  if (r.errors?.[0]?.extensions?.code === 'COST_LIMIT_EXCEEDED') return;
  const cost = costOf(r);
  expect({ name, bounded: cost.actualQueryCost <= cost.requestedQueryCost, cost }).toEqual({
    name,
    bounded: true,
    cost,
  });
}

it('every example: actual cost <= requested cost', async () => {
  const examples = loadExamples();
  expect(examples.length).toBeGreaterThan(5);
  for (const example of examples) expectBounded(example.name, await server.gql(example.document, example.variables));
});

it('every benchmark operation on the seed: actual cost <= requested cost', async () => {
  const dir = join(__dirname, '..', '..', 'bench', 'operations');
  const params = {
    force: 'LEICESTERSHIRE',
    lpu: 'BLABY',
    plan: 'LEICESTERSHIRE-2013-14',
    financialYear: '2013-14',
    asOf: '2013-11',
    category: 'ALL_CRIME',
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
    const op = file.replace(/\.graphql$/, '') as OperationName;
    const r = await server.gql(readFileSync(join(dir, file), 'utf8'), graphqlVariables(op, params));
    expect(r.errors).toBeUndefined();
    expectBounded(op, r);
  }
});

it("issue 13's league table: 240 months of figures and chart points are priced as 240, not 12 and 24", async () => {
  const one =
    `leagueTable(category: "ALL_CRIME", level: LPU, within: "LEICESTERSHIRE", period: {from: "1994-01", ` +
    `to: "2013-12"}) { monthly { month recorded } controlChart(months: 240) { points { month value } } }`;
  const single = await server.gql(`{ ${one} }`);
  expect(single.errors).toBeUndefined();
  expectBounded('one league table', single);
  const lpus = single.data.leagueTable.length;
  // Answered on the months the store holds (2011-04 to 2013-11: the period is clipped to the data), priced at 240.
  expect(single.data.leagueTable[0].monthly).toHaveLength(32);
  expect(costOf(single).requestedQueryCost).toBeGreaterThanOrEqual(lpus * (5 + 240 + 2 + 240));
  const aliased = await server.gql(`{ ${Array.from({ length: 23 }, (_, i) => `a${i}: ${one}`).join(' ')} }`);
  expect([aliased.status, aliased.errors?.[0].extensions?.code]).toEqual([400, 'COST_LIMIT_EXCEEDED']);
});

it('generated documents: periods, chart lengths and nested lists', async () => {
  const month = fc
    .tuple(fc.integer({ min: 1990, max: 2015 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
  const period = fc.oneof(
    fc.tuple(month, month).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
    fc.integer({ min: 1, max: 120 }).map((n) => ({ rollingMonths: n, asOf: '2013-11' })),
    fc.constantFrom(
      { financialYear: '2013-14', asOf: '2013-11' },
      { financialYear: '2012-13' },
      { month: '2013-06' },
      { quarter: '2013-Q2' },
    ),
  );
  const inner = fc.subarray(
    [
      'recorded',
      'monthly { month recorded }',
      'controlChart { points { month value } }',
      'trend { slope }',
      'outcomesByType { outcomeType count }',
    ],
    { minLength: 1 },
  );
  const chartMonths = fc.option(fc.integer({ min: 2, max: 240 }));
  const doc = fc
    .tuple(
      fc.constantFrom(
        'performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: $p)',
        'leagueTable(category: "BURGLARY", level: LPU, period: $p)',
        'performance(area: "CITY", category: "ALL_CRIME", period: $p) { children',
      ),
      inner,
      chartMonths,
    )
    .map(([root, fields, months]) => {
      const body = fields
        .map((f) => (months !== null ? f.replace('controlChart {', `controlChart(months: ${months}) {`) : f))
        .join(' ');
      return root.endsWith('children')
        ? `query($p: PeriodInput!) { ${root} { ${body} } } }`
        : `query($p: PeriodInput!) { ${root} { ${body} } }`;
    });
  let answered = 0;
  await fc.assert(
    fc.asyncProperty(doc, period, async (query, p) => {
      const r = await server.gql(query, { p });
      expect(r.status).toBeLessThan(500);
      expectBounded(query, r);
      if (!r.errors) answered += 1;
    }),
    { numRuns: 60 },
  );
  // Most generated documents run (not only refusals, which bound nothing).
  expect(answered).toBeGreaterThan(30);
});
