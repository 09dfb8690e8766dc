/**
 * SQL statements per request, counted at the driver and reported in
 * `extensions.sqlStatements`. Every batch of every loader is one statement, so the count
 * depends on a document's shape, never on how many areas, categories or objectives it
 * covers. These tests pin the counts and show they do not grow with the data asked for.
 */
import { importCsv } from '../../src/import/import.service';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const ALL_FIELDS = `
  area { code name } category { code }
  period { label } comparisonPeriod { label }
  recorded previousRecorded change percentChange
  targetReduction targetLevel gapToTarget targetMet recordedCrimeTarget { inherited setFor { code } objective { id target } }
  outcomes previousOutcomes outcomeRate previousOutcomeRate targetOutcomeRate outcomesRequired outcomeGap outcomeTargetMet
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

describe('statements per request', () => {
  it('performance with every field over the LPUs of a BCU: the same count for 5 LPUs and for 7', async () => {
    const query = `query($area: String!, $period: PeriodInput!) {
      performance(area: $area, category: "VEHICLE_CRIME", period: $period) { ${ALL_FIELDS} children { ${ALL_FIELDS} } }
    }`;
    const city = await statements(query, { area: 'CITY', period: YTD });
    const counties = await statements(query, { area: 'COUNTIES', period: YTD });
    expect(city).toBe(counties);
    expect(city).toBeLessThanOrEqual(30);
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
    const two = await statements(small, { period: YTD });
    const twenty = await statements(document(20), { period: YTD });
    // Never more; it can be fewer, when one alias's children are another alias's areas and
    // their figures are already in this request's loader cache.
    expect(twenty).toBeLessThanOrEqual(two);
    expect(two).toBeLessThanOrEqual(25);
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
    const seventeen = response.extensions!.sqlStatements!;
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
    const small = await server.gql(query, { plan: 'SMALL-2013-14', area: 'LEICESTERSHIRE' });
    expect(dataOf(small).scorecard).toHaveLength(3);
    expect(small.extensions!.sqlStatements).toBe(seventeen);
    expect(seventeen).toBeLessThanOrEqual(40);
  });

  it('the dashboard in one request', async () => {
    const count = await statements(`{
      dashboard(plan: "LEICESTERSHIRE-2013-14", area: "LEICESTERSHIRE", asOf: "2013-11") {
        period { label }
        scorecard { objective { description } actual target gap met classification }
        highThreats { objective { description } }
        allCrime { recorded percentChange outcomeRate previousOutcomeRate children { area { code } percentChange } contributions { category { code } shareOfChange } }
        satisfaction { survey rate target aspects { aspect rate } }
      }
    }`);
    expect(count).toBeLessThanOrEqual(20);
  });

  it('satisfaction for every survey in one document is a handful of statements', async () => {
    const surveys = ['ALL_USERS', 'BURGLARY', 'VEHICLE', 'VIOLENT', 'RACIST_INCIDENT', 'ASB'];
    const one = await statements(`{ s: satisfaction(area: "LEICESTERSHIRE", survey: ALL_USERS, asOf: "2013-11") { rate aspects { rate } } }`);
    const six = await statements(
      `{ ${surveys.map((s) => `${s}: satisfaction(area: "LEICESTERSHIRE", survey: ${s}, asOf: "2013-11") { rate target aspects { rate } monthly { rollingRate } }`).join('\n')} }`,
    );
    expect(six).toBe(one);
  });

  it('navigation over every area of the tree', async () => {
    const count = await statements(`{
      areas { code parent { code } children { code } ancestors { code } population(year: 2013) peerGroups { code members { code } } }
    }`);
    expect(count).toBeLessThanOrEqual(8);
  });
});

describe('descendants at a level', () => {
  it('orders every LPU of the force in one list, in the statements of one level of children', async () => {
    const response = await server.gql(`{
      performance(area: "LEICESTERSHIRE", category: "THEFT_OF_MOTOR_VEHICLE", period: { financialYear: "2013-14", asOf: "2013-11" }) {
        largestIncrease: descendants(level: LPU, orderBy: CHANGE, direction: DESC) { area { code } change percentChange }
        greatestReduction: descendants(level: LPU, orderBy: PERCENT_CHANGE, direction: ASC) { area { code } change percentChange }
      }
    }`);
    const p = dataOf(response).performance;
    expect(p.largestIncrease).toHaveLength(12);
    expect(p.largestIncrease[0]).toMatchObject({ area: { code: 'BEAUMONT_LEYS' }, change: 31 });
    expect(p.greatestReduction[0]).toMatchObject({ area: { code: 'NORTH_WEST_LEICESTERSHIRE' }, change: -18 });
    expect(response.extensions!.sqlStatements).toBeLessThanOrEqual(6);
  });
});
