/**
 * The dimensions of the API over HTTP, on the seed data set: areas and their navigation,
 * populations, peer groups, categories and plans; errors for unknown codes and malformed
 * months; SQL statements per request; GET requests and the health check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_DIR } from '../../src/config/paths';
import { parseCsv } from '../../src/import/csv';
import { dataOf, startTestServer, type GraphQLResponse, type TestServer } from '../support/harness';

/** The rows of a seed file as objects keyed by its header. */
function seedRows(kind: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(join(SEED_DIR, `${kind}.csv`), 'utf8'));
  return rows.map((r) => Object.fromEntries(header.fields.map((h, i) => [h, r.fields[i]])));
}
const seedAreas = seedRows('areas');
const codesOf = (list: { code: string }[]) => list.map((a) => a.code);
const sorted = (list: string[]) => [...list].sort();

/** The one error of a response, with its code. */
function errorOf(response: GraphQLResponse): { message: string; code: string } {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  return { message: error.message, code: error.extensions?.code };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('areas', () => {
  it('area(code) with its place in the tree', async () => {
    const { area } = dataOf(
      await server.gql(`{
        area(code: "BLABY") { code name level parent { code level } children { code } ancestors { code level } }
      }`),
    );
    expect(area).toEqual({
      code: 'BLABY',
      name: 'Blaby',
      level: 'LPU',
      parent: { code: 'COUNTIES', level: 'BCU' },
      children: [],
      ancestors: [
        { code: 'COUNTIES', level: 'BCU' },
        { code: 'LEICESTERSHIRE', level: 'FORCE' },
      ],
    });
  });

  it('areas(level, parent) match data/seed/areas.csv', async () => {
    const defined = new Map(seedAreas.map((r) => [r.code, r]));
    const atLevel = (level: string, parent?: string) =>
      sorted(
        [...defined.values()]
          .filter((r) => r.level === level && (!parent || r.parent_code === parent))
          .map((r) => r.code),
      );

    const data = dataOf(
      await server.gql(`{
        all: areas { code }
        forces: areas(level: FORCE) { code }
        lpus: areas(level: LPU) { code level }
        cityLpus: areas(level: LPU, parent: "CITY") { code }
        belowForce: areas(parent: "LEICESTERSHIRE") { code }
      }`),
    );
    expect(data.all).toHaveLength(defined.size);
    expect(sorted(codesOf(data.forces))).toEqual(atLevel('FORCE'));
    expect(data.forces).toHaveLength(8);
    expect(sorted(codesOf(data.lpus))).toEqual(atLevel('LPU'));
    expect(data.lpus).toHaveLength(12);
    expect(sorted(codesOf(data.cityLpus))).toEqual(atLevel('LPU', 'CITY'));
    expect(sorted(codesOf(data.cityLpus))).toEqual([
      'BEAUMONT_LEYS',
      'BELGRAVE',
      'BRAUNSTONE',
      'CITY_CENTRE',
      'SPINNEY_HILLS',
    ]);
    // Any depth below the force: its two BCUs and their twelve LPUs.
    expect(sorted(codesOf(data.belowForce))).toEqual(sorted([...atLevel('BCU'), ...atLevel('LPU')]));
  });

  it('children, and descendants at a level', async () => {
    const { area } = dataOf(
      await server.gql(`{
        area(code: "LEICESTERSHIRE") { parent { code } children { code } descendants(level: LPU) { code }
          all: descendants { code } }
      }`),
    );
    expect(area.parent).toBeNull();
    expect(codesOf(area.children)).toEqual(['CITY', 'COUNTIES']);
    expect(area.descendants).toHaveLength(12);
    expect(area.all).toHaveLength(14);
    expect(
      area.descendants.every((d: { code: string }) => seedAreas.some((r) => r.code === d.code && r.level === 'LPU')),
    ).toBe(true);
  });

  it(`population(year): own figure, or the sum of the LPUs for a BCU without one; \
null for a year with none`, async () => {
    const population = (code: string, year: string) => {
      const row = seedAreas.find((r) => r.code === code && r.population_year === year && r.population !== '');
      return row ? Number(row.population) : null;
    };
    const lpusOf = (bcu: string) => [...new Set(seedAreas.filter((r) => r.parent_code === bcu).map((r) => r.code))];
    const sumOfLpus = (bcu: string, year: string) => lpusOf(bcu).reduce((n, code) => n + population(code, year)!, 0);
    expect(population('CITY', '2013')).toBeNull(); // the seed gives the BCUs no figure of their own

    const { city, counties, force, blaby } = dataOf(
      await server.gql(`{
        city: area(code: "CITY") { y2012: population(year: 2012) y2013: population(year: 2013) y1999:
          population(year: 1999) populations { year } }
        counties: area(code: "COUNTIES") { population(year: 2013) }
        force: area(code: "LEICESTERSHIRE") { population(year: 2013) }
        blaby: area(code: "BLABY") { population(year: 2013) populations { year population } }
      }`),
    );
    expect(city.y2013).toBe(sumOfLpus('CITY', '2013'));
    expect(city.y2013).toBe(331212);
    expect(city.y2012).toBe(sumOfLpus('CITY', '2012'));
    expect(city.y1999).toBeNull();
    expect(city.populations).toEqual([]);
    expect(counties.population).toBe(sumOfLpus('COUNTIES', '2013'));
    // The force has its own figure: it is not replaced by the sum of the areas below it.
    expect(force.population).toBe(population('LEICESTERSHIRE', '2013'));
    expect(blaby.population).toBe(93413);
    expect(blaby.populations).toEqual(
      ['2011', '2012', '2013'].map((year) => ({ year: Number(year), population: population('BLABY', year) })),
    );
  });
});

describe('peer groups', () => {
  it('an area lists its groups, and a group its members', async () => {
    const members = seedRows('peer_groups').filter((r) => r.group_code === 'LEICESTERSHIRE_MSG');
    const data = dataOf(
      await server.gql(`{
        area(code: "LEICESTERSHIRE") { peerGroups { code name } }
        lpu: area(code: "BLABY") { peerGroups { code } }
        peerGroup(code: "LEICESTERSHIRE_MSG") { code members { code level } }
      }`),
    );
    expect(codesOf(data.area.peerGroups)).toEqual(['LEICESTERSHIRE_MSG']);
    expect(data.lpu.peerGroups).toEqual([]);
    expect(sorted(codesOf(data.peerGroup.members))).toEqual(sorted(members.map((m) => m.area_code)));
    expect(data.peerGroup.members).toHaveLength(8);
    expect(data.peerGroup.members.every((m: { level: string }) => m.level === 'FORCE')).toBe(true);
  });
});

describe('categories', () => {
  it('category(code) with its place in the tree', async () => {
    const { burglary, vehicle, asb } = dataOf(
      await server.gql(`{
        burglary: category(code: "DOMESTIC_BURGLARY") { code name kind parent { code } ancestors { code }
          children { code } }
        vehicle: category(code: "VEHICLE_CRIME") { children { code } }
        asb: category(code: "ANTI_SOCIAL_BEHAVIOUR") { kind parent { code } }
      }`),
    );
    expect(burglary).toEqual({
      code: 'DOMESTIC_BURGLARY',
      name: 'Domestic burglary',
      kind: 'CRIME',
      parent: { code: 'BURGLARY' },
      ancestors: [{ code: 'BURGLARY' }, { code: 'ALL_CRIME' }],
      children: [],
    });
    expect(sorted(codesOf(vehicle.children))).toEqual([
      'THEFT_FROM_MOTOR_VEHICLE',
      'THEFT_OF_MOTOR_VEHICLE',
      'VEHICLE_INTERFERENCE',
    ]);
    // ASB is an incident, its own root, never inside ALL_CRIME.
    expect(asb).toEqual({ kind: 'INCIDENT', parent: null });
  });

  it('categories lists every row of data/seed/categories.csv', async () => {
    const rows = seedRows('categories');
    const { categories } = dataOf(await server.gql(`{ categories { code parent { code } } }`));
    expect(categories).toHaveLength(rows.length);
    expect(sorted(codesOf(categories))).toEqual(sorted(rows.map((r) => r.code)));
    // Roots first.
    const roots = rows.filter((r) => !r.parent_code).length;
    expect(categories.slice(0, roots).every((c: { parent: unknown }) => c.parent === null)).toBe(true);
  });
});

describe('plans', () => {
  it('plan(code) with its objectives, targets and harm levels', async () => {
    const rows = seedRows('objectives').filter((r) => r.plan === 'LEICESTERSHIRE-2013-14');
    const { plan } = dataOf(
      await server.gql(`{
        plan(code: "LEICESTERSHIRE-2013-14") {
          code financialYear
          objectives { measure target harm survey description area { code } category { code } plan { code } }
        }
      }`),
    );
    expect(plan.code).toBe('LEICESTERSHIRE-2013-14');
    expect(plan.financialYear).toBe('2013-14');
    expect(plan.objectives).toHaveLength(rows.length);
    expect(plan.objectives).toHaveLength(17);
    expect(plan.objectives).toContainEqual({
      measure: 'RECORDED_CRIME',
      target: 13,
      harm: 'HIGH',
      survey: null,
      description: expect.stringContaining('13%'),
      area: { code: 'LEICESTERSHIRE' },
      category: { code: 'DOMESTIC_BURGLARY' },
      plan: { code: 'LEICESTERSHIRE-2013-14' },
    });
    expect(plan.objectives).toContainEqual(
      expect.objectContaining({
        measure: 'SATISFACTION',
        survey: 'VEHICLE',
        target: 85,
        harm: 'MEDIUM',
        category: null,
      }),
    );
  });
});

describe('errors', () => {
  it.each([
    ['area', `{ area(code: "ATLANTIS") { code } }`],
    ['category', `{ category(code: "ATLANTIS") { code } }`],
    ['plan', `{ plan(code: "ATLANTIS") { code } }`],
    ['peerGroup', `{ peerGroup(code: "ATLANTIS") { code } }`],
    ['areas(parent)', `{ areas(parent: "ATLANTIS") { code } }`],
  ])('an unknown code in %s is NOT_FOUND, naming the code', async (_, query) => {
    const response = await server.gql(query);
    const { message, code } = errorOf(response);
    expect(code).toBe('NOT_FOUND');
    expect(message).toContain('"ATLANTIS"');
  });

  it.each([
    ['area', `{ area(code: "CITI") { code } }`, 'CITY', ['CITY']],
    ['area, in other words', `{ area(code: "city centre") { code } }`, 'CITY_CENTRE', ['CITY_CENTRE']],
    ['category', `{ category(code: "DOMESTIC_BURGLRY") { code } }`, 'DOMESTIC_BURGLARY', ['DOMESTIC_BURGLARY']],
    ['plan', `{ plan(code: "LEICESTERSHIRE-2013-15") { code } }`, 'LEICESTERSHIRE-2013-14', ['LEICESTERSHIRE-2013-14']],
    ['peerGroup', `{ peerGroup(code: "LEICESTERSHIRE_MS") { code } }`, 'LEICESTERSHIRE_MSG', ['LEICESTERSHIRE_MSG']],
    [
      'leagueTable(peerGroup)',
      `{ leagueTable(category: "ALL_CRIME", period: { financialYear: "2013-14" }, ` +
        `peerGroup: "LEICESTERSHIRE_MS") { recorded } }`,
      'LEICESTERSHIRE_MSG',
      ['LEICESTERSHIRE_MSG'],
    ],
    [
      'performance(category)',
      `{ performance(area: "LEICESTERSHIRE", category: "burglary domestic", ` +
        `period: { financialYear: "2013-14" }) { recorded } }`,
      'DOMESTIC_BURGLARY',
      ['DOMESTIC_BURGLARY', 'BURGLARY'],
    ],
  ])(
    'an unknown code in %s gets the nearest codes: "did you mean %s?" and extensions.didYouMean',
    async (_, query, first, expected) => {
      const response = await server.gql(query);
      const error = response.errors![0];
      expect(error.extensions!.code).toBe('NOT_FOUND');
      expect(error.extensions!.didYouMean).toEqual(expect.arrayContaining(expected));
      expect((error.extensions!.didYouMean as string[])[0]).toBe(first);
      expect(error.message).toContain(`Did you mean ${first}`);
    },
  );

  it('a code near nothing gets no suggestion: an empty didYouMean and no "did you mean"', async () => {
    const error = (await server.gql(`{ area(code: "ATLANTIS") { code } }`)).errors![0];
    expect(error.extensions!.didYouMean).toEqual([]);
    expect(error.message).not.toContain('Did you mean');
  });

  it.each([
    ['2013-13', `{ satisfaction(area: "LEICESTERSHIRE", survey: ALL_USERS, asOf: "2013-13") { rate } }`],
    ['13-2013', `{ scorecard(plan: "LEICESTERSHIRE-2013-14", area: "LEICESTERSHIRE", asOf: "13-2013") { met } }`],
    [
      '2013-1',
      `{ performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: { financialYear: "2013-14", ` +
        `asOf: "2013-1" }) { recorded } }`,
    ],
  ])('a malformed month (%s) is BAD_USER_INPUT, naming the month', async (month, query) => {
    const response = await server.gql(query);
    const { message, code } = errorOf(response);
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toContain(month);
    expect(message).toContain('YYYY-MM');
  });
});

describe('SQL statements per request', () => {
  const navigation = (args: string) =>
    `{ areas${args ? `(${args})` : ''} { code parent { code } children { code } population(year: 2013) } }`;
  const statements = async (query: string) => {
    const response = await server.gql(query);
    return { data: dataOf(response), statements: response.extensions!.sqlStatements };
  };
  /** The data version moves as after a write: the next request reads the dimensions again. */
  const dimensionsChanged = () => server.app.services.dataVersion.bump();

  // The dimensions (areas, categories, plans, objectives, populations) come from the process's
  // snapshot (src/loaders/dimensions.ts): one statement when the data version has moved, none after.
  it(`areas with parent, children and population: one statement (the dimensions) for 5, 12 or every area, \
then none`, async () => {
    await dimensionsChanged();
    const five = await statements(navigation('level: LPU, parent: "CITY"'));
    const twelve = await statements(navigation('level: LPU'));
    const every = await statements(navigation(''));
    expect(five.data.areas).toHaveLength(5);
    expect(twelve.data.areas).toHaveLength(12);
    expect(every.data.areas).toHaveLength(new Set(seedAreas.map((r) => r.code)).size);
    expect([five.statements, twelve.statements, every.statements]).toEqual([1, 0, 0]);
  });

  it('the category tree with parents, children and ancestors: one statement cold, none warm', async () => {
    const query = `{ categories { code parent { code } children { code } ancestors { code } } }`;
    await dimensionsChanged();
    const cold = await statements(query);
    const warm = await statements(query);
    expect(cold.data.categories).toHaveLength(seedRows('categories').length);
    expect(warm.data).toEqual(cold.data);
    expect([cold.statements, warm.statements]).toEqual([1, 0]);
  });

  it('a plan with every objective, its area, category and their parents: one statement cold, none warm', async () => {
    const query = `{
      plan(code: "LEICESTERSHIRE-2013-14") {
        objectives { description area { code parent { code } } category { code parent { code } } plan { code } }
      }
    }`;
    await dimensionsChanged();
    const cold = await statements(query);
    const warm = await statements(query);
    expect(cold.data.plan.objectives).toHaveLength(17);
    expect(warm.data).toEqual(cold.data);
    expect([cold.statements, warm.statements]).toEqual([1, 0]);
  });
});

describe('HTTP', () => {
  const query = '{ area(code: "CITY") { name level } }';

  it('GET /graphql?query=... answers a query (with the header that marks it as no cross-site request)', async () => {
    await server.gql(query); // the dimensions read (or already held) at the current data version
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as GraphQLResponse;
    expect(body.data).toEqual({ area: { name: 'City BCU', level: 'BCU' } });
    // The area comes from the dimension snapshot, read by an earlier request: no statement.
    expect(body.extensions!.sqlStatements).toBe(0);
  });

  it(`GET /graphql?query=... without that header is refused as a possible cross-site request, \
with a clear message`, async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as GraphQLResponse;
    expect(body.errors![0].extensions!.code).toBe('BAD_REQUEST');
    expect(body.errors![0].message).toContain('apollo-require-preflight');
  });

  it('GET /health is 200 JSON naming the store', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ status: 'ok', store: server.db.kind });
  });
});
