/**
 * SQL statements per request, counted at the driver and reported in
 * `extensions.sqlStatements`. Every batch of every loader is one statement, so the count
 * depends on a document's shape, never on how many areas, categories or objectives it
 * covers. These tests pin the counts and show they do not grow with the data asked for.
 *
 * The dimensions (areas, categories, plans, objectives, populations, peer groups) come from a
 * snapshot the process keeps per data version (src/loaders/dimensions.ts): the first request
 * after a write (cold) reads it in one statement more than the same request warm.
 */
import { createApiKey } from '../../src/auth/api-keys';
import { importCsv } from '../../src/import/import.service';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const ALL_FIELDS = `
  area { code name } category { code }
  period { label } comparisonPeriod { label }
  recorded previousRecorded change percentChange
  targetReduction targetLevel gapToTarget targetMet recordedCrimeTarget { inherited setFor { code }
    objective { id target } }
  outcomes previousOutcomes outcomeRate previousOutcomeRate targetOutcomeRate outcomesRequired outcomeGap
    outcomeTargetMet
  outcomeRateTarget { inherited setFor { code } }
  outcomesByType { outcomeType count previousCount }
  underInvestigation crimeRatePer1000
  peerComparison(months: 3) { rate peerMean peerStdDev band rank members { area { code } rate } }
  trend { direction slope relativeChange }
  monthly { month recorded outcomes previousRecorded }
  coverage { complete monthsWithoutData }
  controlChart { centreLine upperLimit lowerLimit hasSignal }
  significance { pValue significant }
  contributions { category { code } change shareOfChange }
  narrative
`;
const YTD = { financialYear: '2013-14', asOf: '2013-11' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function statements(query: string, variables?: Record<string, unknown>): Promise<number> {
  const response = await server.gql(query, variables);
  dataOf(response);
  return response.extensions!.sqlStatements!;
}

/** The data version moves, as after a write or an import: the next request reads the dimensions again. */
const dimensionsChanged = () => server.app.services.dataVersion.bump();

/** A document's statements with the dimensions to read (cold), then read (warm). */
async function coldAndWarm(
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ cold: number; warm: number }> {
  await dimensionsChanged();
  const cold = await statements(query, variables);
  const warm = await statements(query, variables);
  return { cold, warm };
}

describe('statements per request', () => {
  it('performance with every field over the LPUs of a BCU: the same count for 5 LPUs and for 7', async () => {
    const query = `query($area: String!, $period: PeriodInput!) {
      performance(area: $area, category: "VEHICLE_CRIME", period: $period) { ${ALL_FIELDS} children { ${ALL_FIELDS} } }
    }`;
    const city = await coldAndWarm(query, { area: 'CITY', period: YTD });
    const counties = await coldAndWarm(query, { area: 'COUNTIES', period: YTD });
    expect(city.warm).toBe(counties.warm);
    expect(city.cold).toBe(city.warm + 1);
    expect(counties.cold).toBe(counties.warm + 1);
    expect(city.cold).toBeLessThanOrEqual(30);
  });

  it('performance with every field over all twelve LPUs of the force', async () => {
    const response = await server.gql(
      `query($period: PeriodInput!) {
        performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: $period) {
          ${ALL_FIELDS} children { ${ALL_FIELDS} children { ${ALL_FIELDS} } }
        }
      }`,
      { period: YTD },
    );
    const lpus = dataOf(response).performance.children.flatMap((bcu: any) => bcu.children);
    expect(lpus).toHaveLength(12);
    expect(response.extensions!.sqlStatements).toBeLessThanOrEqual(45);
    // Nested children load with their parents: the BCUs and the LPUs in the same batches.
    const { cold, warm } = await coldAndWarm(
      `query($period: PeriodInput!) {
      performance(area: "LEICESTERSHIRE", category: "ALL_CRIME",
        period: $period) { recorded children { recorded children { recorded } } }
    }`,
      { period: YTD },
    );
    expect([cold, warm]).toEqual([2, 1]);
  });

  it('twenty aliased performance fields cost what two cost', async () => {
    const areas = ['LEICESTERSHIRE', 'CITY', 'COUNTIES', 'BLABY', 'CHARNWOOD'];
    const categories = ['ALL_CRIME', 'DOMESTIC_BURGLARY', 'THEFT_OF_MOTOR_VEHICLE', 'VIOLENCE_WITH_INJURY'];
    const pairs = areas.flatMap((a) => categories.map((c) => [a, c]));
    const document = (n: number) =>
      `query($period: PeriodInput!) { ${pairs
        .slice(0, n)
        .map(([a, c], i) => `p${i}: performance(area: "${a}", category: "${c}", period: $period) { ${ALL_FIELDS} }`)
        .join('\n')} }`;
    expect(pairs).toHaveLength(20);
    // The small document has the same kinds of node as the large one: a force (with a peer
    // group) and an LPU (without), so the loaders run in the same waves.
    const small = `query($period: PeriodInput!) {
      a: performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", period: $period) { ${ALL_FIELDS} }
      b: performance(area: "BLABY", category: "DOMESTIC_BURGLARY", period: $period) { ${ALL_FIELDS} }
    }`;
    const two = await coldAndWarm(small, { period: YTD });
    const twenty = await coldAndWarm(document(20), { period: YTD });
    // Never more; it can be fewer, when one alias's children are another alias's areas and
    // their figures are already in this request's loader cache.
    expect(twenty.warm).toBeLessThanOrEqual(two.warm);
    expect(twenty.cold).toBeLessThanOrEqual(two.cold);
    expect(two.cold).toBe(two.warm + 1);
    expect(two.cold).toBeLessThanOrEqual(25);
  });

  it('the scorecard of the seed plan with children for every objective, for the force and for a BCU', async () => {
    const query = `query($plan: String!, $area: String!) {
      scorecard(plan: $plan, area: $area, asOf: "2013-11") {
        objective { measure target harm description area { code } category { code } }
        actual target gap met classification
        performance { ${ALL_FIELDS} children { ${ALL_FIELDS} } }
        satisfaction { rate target aspects { aspect rate } monthly { rollingRate } }
      }
    }`;
    const response = await server.gql(query, { plan: 'LEICESTERSHIRE-2013-14', area: 'LEICESTERSHIRE' });
    expect(dataOf(response).scorecard).toHaveLength(17);
    const seventeen = await coldAndWarm(query, { plan: 'LEICESTERSHIRE-2013-14', area: 'LEICESTERSHIRE' });
    expect(seventeen.cold).toBe(seventeen.warm + 1);
    // A plan with three objectives, one of each measure: the same statements as seventeen.
    await importCsv(server.db.prisma, 'plans', 'code,name,financial_year\nSMALL-2013-14,Small plan,2013-14\n');
    await importCsv(
      server.db.prisma,
      'objectives',
      'plan,area_code,measure,category_code,survey,target,harm\n' +
        'SMALL-2013-14,LEICESTERSHIRE,RECORDED_CRIME,DOMESTIC_BURGLARY,,13,HIGH\n' +
        'SMALL-2013-14,LEICESTERSHIRE,OUTCOME_RATE,HATE_CRIME,,55,HIGH\n' +
        'SMALL-2013-14,LEICESTERSHIRE,SATISFACTION,,ASB,85,MEDIUM\n',
    );
    // Imported around the API (no data version bump): the snapshot does not know the plan's code,
    // so the code is looked up (one statement) and, found, the snapshot read again (one more).
    const around = await server.gql(query, { plan: 'SMALL-2013-14', area: 'LEICESTERSHIRE' });
    expect(dataOf(around).scorecard).toHaveLength(3);
    expect(around.extensions!.sqlStatements).toBe(seventeen.warm + 2);
    const small = await coldAndWarm(query, { plan: 'SMALL-2013-14', area: 'LEICESTERSHIRE' });
    expect(small).toEqual(seventeen);
    expect(seventeen.cold).toBeLessThanOrEqual(40);
  });

  it('the dashboard in one request', async () => {
    const { cold, warm } = await coldAndWarm(`{
      dashboard(plan: "LEICESTERSHIRE-2013-14", area: "LEICESTERSHIRE", asOf: "2013-11") {
        period { label }
        scorecard { objective { description } actual target gap met classification }
        highThreats { objective { description } }
        allCrime { recorded percentChange outcomeRate previousOutcomeRate children { area { code } percentChange }
          contributions { category { code } shareOfChange } }
        satisfaction { survey rate target aspects { aspect rate } }
      }
    }`);
    expect(cold).toBe(warm + 1);
    expect(cold).toBeLessThanOrEqual(20);
  });

  it('satisfaction for every survey in one document is a handful of statements', async () => {
    const surveys = ['ALL_USERS', 'BURGLARY', 'VEHICLE', 'VIOLENT', 'RACIST_INCIDENT', 'ASB'];
    const one = await statements(
      `{ s: satisfaction(area: "LEICESTERSHIRE", survey: ALL_USERS, asOf: "2013-11") { rate aspects { rate } } }`,
    );
    const fields = surveys.map(
      (s) =>
        `${s}: satisfaction(area: "LEICESTERSHIRE", survey: ${s}, asOf: "2013-11") ` +
        '{ rate target aspects { rate } monthly { rollingRate } }',
    );
    const six = await statements(`{ ${fields.join('\n')} }`);
    expect(six).toBe(one);
  });

  it('navigation over every area of the tree', async () => {
    const { cold, warm } = await coldAndWarm(`{
      areas { code parent { code } children { code } ancestors { code }
        population(year: 2013) peerGroups { code members { code } } }
    }`);
    // All of it is dimensions: the snapshot's one statement, then nothing.
    expect([cold, warm]).toEqual([1, 0]);
  });
});

describe('descendants at a level', () => {
  it('orders every LPU of the force in one list, in the statements of one level of children', async () => {
    const response = await server.gql(`{
      performance(area: "LEICESTERSHIRE", category: "THEFT_OF_MOTOR_VEHICLE", period: { financialYear: "2013-14",
        asOf: "2013-11" }) {
        largestIncrease: descendants(level: LPU, orderBy: CHANGE, direction: DESC) { area { code }
          change percentChange }
        greatestReduction: descendants(level: LPU, orderBy: PERCENT_CHANGE, direction: ASC) { area { code }
          change percentChange }
      }
    }`);
    const p = dataOf(response).performance;
    expect(p.largestIncrease).toHaveLength(12);
    expect(p.largestIncrease[0]).toMatchObject({ area: { code: 'BEAUMONT_LEYS' }, change: 31 });
    expect(p.greatestReduction[0]).toMatchObject({ area: { code: 'NORTH_WEST_LEICESTERSHIRE' }, change: -18 });
    expect(response.extensions!.sqlStatements).toBeLessThanOrEqual(6);
  });
});

describe('league table', () => {
  it("its peer comparisons join the rows' series: one statement with them, as without", async () => {
    const league = (fields: string) => `query($period: PeriodInput!) {
      leagueTable(category: "ALL_CRIME", period: $period, level: FORCE) { area { code } recorded ${fields} }
    }`;
    const plain = await coldAndWarm(league(''), { period: YTD });
    const compared = await coldAndWarm(
      league('peerComparison(months: 3) { rate peerMean band rank members { area { code } rate } }'),
      { period: YTD },
    );
    expect(plain).toEqual({ cold: 2, warm: 1 });
    expect(compared).toEqual(plain);
    // And the comparison is there: the seed's forces are in peer groups.
    const rows = dataOf(
      await server.gql(league('peerComparison(months: 3) { rank members { area { code } } }'), { period: YTD }),
    ).leagueTable;
    const ranked = rows.filter((r: { peerComparison: unknown }) => r.peerComparison !== null);
    expect(ranked.length).toBeGreaterThan(1);
    for (const r of ranked)
      expect(r.peerComparison.members.map((m: { area: { code: string } }) => m.area.code)).toContain(r.area.code);
  });
});

describe('league table ordered by crime rate', () => {
  it(`orders by crimes per 1,000 residents (recorded / population x 1000), \
in the statements of a table by name`, async () => {
    const league = (order: string) => `query($period: PeriodInput!) {
      leagueTable(category: "ALL_CRIME", period: $period, level: LPU, orderBy: ${order},
        direction: DESC) { area { code } recorded crimeRatePer1000 }
    }`;
    const byRate = await coldAndWarm(league('CRIME_RATE'), { period: YTD });
    const byName = await coldAndWarm(league('NAME'), { period: YTD });
    expect(byRate).toEqual(byName);
    type Row = { area: { code: string }; recorded: number; crimeRatePer1000: number | null };
    const rows: Row[] = dataOf(await server.gql(league('CRIME_RATE'), { period: YTD })).leagueTable;
    const populations = new Map<string, number>(
      dataOf(await server.gql('{ areas(level: LPU) { code population(year: 2013) } }')).areas.map(
        (a: { code: string; population: number }) => [a.code, a.population],
      ),
    );
    expect(rows).toHaveLength(populations.size);
    for (const row of rows)
      expect(row.crimeRatePer1000).toBeCloseTo((row.recorded / populations.get(row.area.code)!) * 1000, 6);
    const rates = rows.map((r) => r.crimeRatePer1000!);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    // A table by rate is not the table by count: the most crimes is not the highest rate.
    const byCount = [...rows].sort((a, b) => b.recorded - a.recorded).map((r) => r.area.code);
    expect(rows.map((r) => r.area.code)).not.toEqual(byCount);
    expect(rows[0]).toMatchObject({ area: { code: 'CITY_CENTRE' } });
  });
});

describe('peer totals and a snapshot reloaded within the request', () => {
  it(`a force written around the API joins its group: later comparisons in the same request count it, \
earlier ones do not`, async () => {
    const prisma = server.db.prisma;
    const [{ group_id: groupId }] = await prisma.$queryRawUnsafe<{ group_id: number }[]>(
      `SELECT m.group_id FROM peer_group_member m JOIN area a ON a.id = m.area_id WHERE a.code = ` +
        `'LEICESTERSHIRE' ORDER BY m.group_id LIMIT 1`,
    );
    await statements('{ areas(level: FORCE) { code } }'); // the snapshot, read before the write
    const [{ id }] = await prisma.$queryRawUnsafe<{ id: number }[]>(
      `INSERT INTO area (code, name, level) VALUES ('NEW_FORCE', 'New Force', 'FORCE') RETURNING id`,
    );
    await prisma.$executeRawUnsafe(`INSERT INTO peer_group_member (group_id, area_id) VALUES ($1, $2)`, groupId, id);
    try {
      // `league` is answered from the snapshot the request starts with; NEW_FORCE is not in it,
      // so `newcomer` reloads it, and its group then has one member more.
      const response = await server.gql(
        `query($period: PeriodInput!) {
          league: leagueTable(category: "ALL_CRIME", period: $period, level: FORCE) { area { code }
            peerComparison(months: 3) { members { area { code } recorded } } }
          newcomer: performance(area: "NEW_FORCE", category: "ALL_CRIME",
            period: $period) { peerComparison(months: 3) { members { area { code } recorded } } }
        }`,
        { period: YTD },
      );
      const data = dataOf(response);
      const leicestershire = data.league.find((r: { area: { code: string } }) => r.area.code === 'LEICESTERSHIRE')
        .peerComparison.members;
      const newcomer = data.newcomer.peerComparison.members;
      expect(newcomer).toHaveLength(leicestershire.length + 1);
      expect(newcomer).toContainEqual({ area: { code: 'NEW_FORCE' }, recorded: 0 });
      // The members both lists share have the same counts: the new force's total went to no one else.
      for (const member of leicestershire) expect(newcomer).toContainEqual(member);
    } finally {
      await prisma.$executeRawUnsafe(`DELETE FROM area WHERE id = $1`, id);
      await dimensionsChanged();
    }
  });
});

describe('dimension snapshot', () => {
  it(`ten areas x twenty objectives do not cost a statement each: the dimensions are one statement, \
then none`, async () => {
    const areas = [
      'LEICESTERSHIRE',
      'CITY',
      'COUNTIES',
      'BLABY',
      'CHARNWOOD',
      'HINCKLEY_BOSWORTH',
      'MELTON_RUTLAND',
      'OADBY_WIGSTON',
      'HARBOROUGH',
      'NORTH_WEST_LEICESTERSHIRE',
    ];
    const fields = areas.map(
      (a, i) =>
        `a${i}: area(code: "${a}") ` +
        '{ code name parent { code } children { code } ancestors { code } population(year: 2013) }',
    );
    const document = `{ ${fields.join('\n')}
      plan(code: "LEICESTERSHIRE-2013-14") { objectives { description target area { code }
        category { code parent { code } } } } }`;
    const { cold, warm } = await coldAndWarm(document);
    expect([cold, warm]).toEqual([1, 0]);
  });

  it('a write through the API shows at once: a renamed area, read by the next request', async () => {
    const { key } = await createApiKey(
      server.db.prisma,
      { name: 'sql-statements-steward', role: 'STEWARD' },
      { actor: 'cli', role: null },
    );
    const steward = { authorization: `Bearer ${key}` };
    const read = '{ area(code: "MELTON_RUTLAND") { name parent { code } } }';
    expect(dataOf(await server.gql(read)).area).toEqual({ name: 'Melton & Rutland', parent: { code: 'COUNTIES' } });
    expect(await statements(read)).toBe(0);
    const renamed = await server.gql(
      'mutation { upsertArea(input: { code: "MELTON_RUTLAND", name: "Melton and Rutland", level: LPU }) { name } }',
      undefined,
      steward,
    );
    expect(dataOf(renamed).upsertArea.name).toBe('Melton and Rutland');
    // The write's own statements are counted too (ORM calls inside its transaction).
    expect(renamed.extensions!.sqlStatements).toBe(10);
    const after = await server.gql(read);
    expect(dataOf(after).area).toEqual({ name: 'Melton and Rutland', parent: { code: 'COUNTIES' } });
    expect(after.extensions!.sqlStatements).toBe(1);
    // And in a figure's area, from the same snapshot.
    const figure = await server.gql(
      '{ performance(area: "MELTON_RUTLAND", category: "ALL_CRIME", ' +
        'period: { month: "2013-11" }) { area { name } recorded } }',
    );
    expect(dataOf(figure).performance.area.name).toBe('Melton and Rutland');
    await server.gql(
      'mutation { upsertArea(input: { code: "MELTON_RUTLAND", name: "Melton & Rutland", level: LPU }) { name } }',
      undefined,
      steward,
    );
    expect(dataOf(await server.gql(read)).area.name).toBe('Melton & Rutland');
  });
});
