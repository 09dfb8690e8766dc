/**
 * Rows asked for nothing of the comparison period load only the months they need (a trend
 * table of every LPU: the period and the trend's window, not the year before as well). The
 * figures must be the very numbers the full load gives, for league rows and for a root
 * `performance`, and a row whose counts are perturbed, or that asks for a comparison figure, still
 * loads everything.
 */
import { createApiKey } from '../../src/auth/api-keys';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const YTD = { financialYear: '2013-14', asOf: '2013-11' };
const PERIOD_FIELDS = `area { code } recorded outcomes outcomeRate crimeRatePer1000 targetOutcomeRate outcomesRequired
  trend(months: 12) { direction slope } controlChart { centreLine upperLimit lowerLimit hasSignal }
  peerComparison { rate rank }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

type Row = Record<string, unknown> & { area: { code: string } };
const league = async (category: string, fields: string, headers?: Record<string, string>) =>
  dataOf(
    await server.gql(
      `query($category: String!, $period: PeriodInput!) { leagueTable(category: $category, period: $period, ` +
        `level: LPU) { ${fields} } }`,
      { category, period: YTD },
      headers,
    ),
  ).leagueTable as Row[];

/** The rows with only the period fields kept, for comparing a narrow load with a full one. */
const periodPart = (rows: Row[]) =>
  rows.map(({ previousRecorded: _previous, percentChange: _change, ...rest }) => rest);

describe('rows that ask nothing of the comparison period', () => {
  it('a league of LPUs gives the numbers the full load gives', async () => {
    const narrow = await league('ALL_CRIME', PERIOD_FIELDS);
    const full = await league('ALL_CRIME', `${PERIOD_FIELDS} previousRecorded percentChange`);
    expect(narrow).toHaveLength(12);
    expect(narrow).toEqual(periodPart(full));
    // Real numbers, not nulls: the trend's window reaches back before the period.
    expect(narrow.every((r) => typeof r.recorded === 'number' && r.recorded > 0)).toBe(true);
    expect(narrow.filter((r) => r.trend !== null && r.controlChart !== null)).toHaveLength(12);
  });

  it(`a root performance gives the numbers the full load gives, \
whatever window its trend and control chart take`, async () => {
    const ask = (fields: string) =>
      server.gql(
        `query($period: PeriodInput!) { performance(area: "CITY", category: "VIOLENCE_WITH_INJURY", ` +
          `period: $period) { ${fields} } }`,
        { period: YTD },
      );
    for (const windows of [
      'trend(months: 24) { slope } controlChart(months: 3) { centreLine }',
      'trend { slope } controlChart { centreLine upperLimit }',
    ]) {
      const narrow = dataOf(await ask(`recorded outcomeRate ${windows}`)).performance;
      const full = dataOf(await ask(`recorded outcomeRate ${windows} change`)).performance;
      delete full.change;
      expect(narrow).toEqual(full);
      expect(narrow.recorded).toBeGreaterThan(0);
    }
  });

  it(`a sensitive category below force level, asked anonymously, \
is perturbed the same whatever the fields asked: within the bound of the keyed rows`, async () => {
    const { key } = await createApiKey(
      server.db.prisma,
      { name: 'period-only-analyst', role: 'ANALYST' },
      { actor: 'cli', role: null },
    );
    const anonymous = await league('DOMESTIC_VIOLENCE', 'area { code } recorded disclosure { method }');
    const keyed = await league('DOMESTIC_VIOLENCE', 'area { code } recorded disclosure { method }', {
      authorization: `Bearer ${key}`,
    });
    const anonymousNarrow = await league('DOMESTIC_VIOLENCE', 'area { code } recorded');
    expect(anonymousNarrow.map((r) => r.recorded)).toEqual(anonymous.map((r) => r.recorded));
    for (const [i, row] of anonymous.entries()) {
      expect((row.disclosure as { method: string }).method).toBe('PERTURBED');
      // LPU bound: 2 x 3
      expect(Math.abs((row.recorded as number) - (keyed[i].recorded as number))).toBeLessThanOrEqual(6);
    }
    expect(anonymous.map((r) => r.recorded)).not.toEqual(keyed.map((r) => r.recorded));
  });
});
