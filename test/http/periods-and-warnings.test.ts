/**
 * Like-for-like periods, the data horizon, warnings, consistent nulls and exact decimals, over
 * HTTP on the seed (recorded crime, outcomes and surveys from 2011-04 to 2013-11; investigations
 * from 2012-04), with the response cache on so that warnings are seen on a cache hit too.
 * docs/periods-and-warnings.md describes what is tested here.
 */
import { createApiKey } from '../../src/auth/api-keys';
import { FIGURES_MAX_AGE, OPEN_PERIOD_MAX_AGE } from '../../src/cache/cache-hints';
import { dataOf, startTestServer, type GraphQLResponse, type TestServer } from '../support/harness';

let server: TestServer;
let steward: Record<string, string>;

interface Warning {
  code: string;
  message: string;
  path?: (string | number)[];
}
type Reply = GraphQLResponse & { cache?: { status: string; maxAge?: number }; warnings: Warning[] };

async function post(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse;
  return {
    ...body,
    cache: body.extensions?.cache as Reply['cache'],
    warnings: (body.extensions?.warnings as Warning[]) ?? [],
  };
}

const codes = (r: Reply) => r.warnings.map((w) => w.code);

beforeAll(async () => {
  server = await startTestServer({ config: { cache: { responseCache: true } } });
  const { key } = await createApiKey(
    server.db.prisma,
    { name: 'periods-steward', role: 'STEWARD' },
    { actor: 'cli', role: null },
  );
  steward = { authorization: `Bearer ${key}` };
});
afterAll(() => server.close());

const FIGURES = `recorded previousRecorded change percentChange targetReduction targetLevel gapToTarget targetMet
  outcomes previousOutcomes outcomeRate previousOutcomeRate outcomeGap outcomesRequired outcomeTargetMet
    crimeRatePer1000`;
const PERFORMANCE = `query($area: String!, $category: String!, $period: PeriodInput!) {
  performance(area: $area, category: $category, period: $period) {
    period { kind from to months label clipped requested { kind from to months label clipped } }
    comparisonPeriod { from to label clipped requested { from to } }
    ${FIGURES}
  }
}`;

const round1 = (x: number) => Math.round(x * 10) / 10;

describe('a period reaching past the data is clipped, for it and its comparison alike', () => {
  it(`financial year 2013-14 with data to 2013-11 answers as the year to date to 2013-11: +2.8%, \
target missed`, async () => {
    const vars = { area: 'LEICESTERSHIRE', category: 'ALL_CRIME' };
    const whole = await post(PERFORMANCE, { ...vars, period: { financialYear: '2013-14' } });
    const ytd = await post(PERFORMANCE, { ...vars, period: { financialYear: '2013-14', asOf: '2013-11' } });
    const p = dataOf(whole).performance;
    const y = dataOf(ytd).performance;
    expect(p.period).toEqual({
      kind: 'YEAR_TO_DATE',
      from: '2013-04',
      to: '2013-11',
      months: 8,
      label: '2013-14 year to date to 2013-11',
      clipped: true,
      requested: {
        kind: 'FINANCIAL_YEAR',
        from: '2013-04',
        to: '2014-03',
        months: 12,
        label: '2013-14',
        clipped: false,
      },
    });
    expect(p.comparisonPeriod).toEqual({
      from: '2012-04',
      to: '2012-11',
      label: '2012-13 year to date to 2012-11',
      clipped: true,
      requested: { from: '2012-04', to: '2013-03' },
    });
    // Every figure is the year to date's: eight months against the same eight months.
    const { period: _p, comparisonPeriod: _c, ...figures } = p;
    const { period: _yp, comparisonPeriod: _yc, ...ytdFigures } = y;
    expect(figures).toEqual(ytdFigures);
    expect(y.period.clipped).toBe(false);
    expect(round1(p.percentChange)).toBe(2.8);
    expect(p.change).toBe(p.recorded - p.previousRecorded);
    expect(p.targetMet).toBe(false);
    expect(p.gapToTarget).toBeGreaterThan(0);
    expect(whole.warnings).toEqual([
      {
        code: 'PERIOD_CLIPPED',
        message:
          '2013-14 was answered on 2013-04 to 2013-11 against 2012-04 to 2012-11: the recorded crime data ' +
          'ends at 2013-11.',
        path: ['performance'],
      },
    ]);
    expect(ytd.warnings).toEqual([]);
  });

  it('a rolling window past the data keeps its first month and compares the same months a year earlier', async () => {
    const r = await post(PERFORMANCE, {
      area: 'CITY',
      category: 'BURGLARY',
      period: { rollingMonths: 12, asOf: '2014-02' },
    });
    const same = await post(PERFORMANCE, {
      area: 'CITY',
      category: 'BURGLARY',
      period: { from: '2013-03', to: '2013-11' },
    });
    const p = dataOf(r).performance;
    expect([p.period.kind, p.period.from, p.period.to, p.period.months, p.period.requested.label]).toEqual([
      'CUSTOM',
      '2013-03',
      '2013-11',
      9,
      '12 months to 2014-02',
    ]);
    expect([p.recorded, p.previousRecorded, p.percentChange]).toEqual([
      dataOf(same).performance.recorded,
      dataOf(same).performance.previousRecorded,
      dataOf(same).performance.percentChange,
    ]);
    expect(codes(r)).toEqual(['PERIOD_CLIPPED']);
  });

  it(`a period starting before the first month of data starts at it; a comparison before the data gives null changes, \
with a warning`, async () => {
    const r = await post(PERFORMANCE, {
      area: 'LEICESTERSHIRE',
      category: 'ALL_CRIME',
      period: { from: '2010-01', to: '2011-06' },
    });
    const p = dataOf(r).performance;
    expect([p.period.from, p.period.to, p.period.clipped, p.comparisonPeriod.from]).toEqual([
      '2011-04',
      '2011-06',
      true,
      '2010-04',
    ]);
    expect(p.recorded).toBeGreaterThan(0);
    expect([p.percentChange, p.targetLevel, p.gapToTarget, p.targetMet]).toEqual([null, null, null, null]);
    expect(codes(r)).toEqual(['PERIOD_CLIPPED', 'COMPARISON_BEFORE_DATA']);
    expect(r.warnings[0].message).toContain('the recorded crime data starts at 2011-04');
    expect(r.warnings[1].message).toContain('2010-04 to 2010-06');
  });

  it('a league table compares the clipped months in every row, with one warning for the field', async () => {
    const LEAGUE = `query($period: PeriodInput!) { leagueTable(category: "DOMESTIC_BURGLARY", period: $period,
        level: LPU, within: "LEICESTERSHIRE") {
      area { code } period { to clipped } recorded previousRecorded gapToTarget } }`;
    const whole = await post(LEAGUE, { period: { financialYear: '2013-14' } });
    const ytd = await post(LEAGUE, { period: { financialYear: '2013-14', asOf: '2013-11' } });
    const rows = dataOf(whole).leagueTable;
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r: any) => r.period.to === '2013-11' && r.period.clipped)).toBe(true);
    const strip = (list: any[]) => list.map(({ period: _, ...rest }) => rest);
    expect(strip(rows)).toEqual(strip(dataOf(ytd).leagueTable));
    expect(whole.warnings.filter((w) => w.code === 'PERIOD_CLIPPED')).toEqual([
      expect.objectContaining({ path: ['leagueTable'] }),
    ]);
  });

  it('the scorecard and the dashboard measure the clipped year to date, asOf past the data', async () => {
    const SCORECARD = `query($asOf: String!) { scorecard(plan: "LEICESTERSHIRE-2013-14", area: "LEICESTERSHIRE",
        asOf: $asOf) {
      objective { id } actual target gap met shortfallPoints classification } }`;
    const late = await post(SCORECARD, { asOf: '2014-03' });
    const now = await post(SCORECARD, { asOf: '2013-11' });
    expect(dataOf(late).scorecard).toEqual(dataOf(now).scorecard);
    expect(codes(late)).toEqual(['PERIOD_CLIPPED']);
    expect(late.warnings[0].path).toEqual(['scorecard']);
    expect(codes(now)).toEqual([]);

    const DASHBOARD = `{ dashboard(plan: "LEICESTERSHIRE-2013-14", area: "LEICESTERSHIRE", asOf: "2014-01") {
      period { kind from to clipped requested { to kind } }
        allCrime { recorded percentChange period { clipped requested { to } } } satisfaction { period { to } } } }`;
    const d = await post(DASHBOARD);
    const dash = dataOf(d).dashboard;
    expect(dash.period).toEqual({
      kind: 'YEAR_TO_DATE',
      from: '2013-04',
      to: '2013-11',
      clipped: true,
      requested: { to: '2014-01', kind: 'YEAR_TO_DATE' },
    });
    expect(round1(dash.allCrime.percentChange)).toBe(2.8);
    expect(dash.allCrime.period).toEqual({ clipped: true, requested: { to: '2014-01' } });
    expect(dash.satisfaction.every((s: any) => s.period.to === '2013-11')).toBe(true);
    expect(codes(d)).toContain('PERIOD_CLIPPED');
  });

  it('satisfaction asked past the surveys is the 12 months to the last month of survey data', async () => {
    const SAT = `query($asOf: String!) { satisfaction(area: "CITY", survey: ALL_USERS, asOf: $asOf) {
      period { from to clipped requested { to } } rate respondents target gap targetMet } }`;
    const late = await post(SAT, { asOf: '2014-02' });
    const now = await post(SAT, { asOf: '2013-11' });
    const s = dataOf(late).satisfaction;
    expect(s.period).toEqual({ from: '2012-12', to: '2013-11', clipped: true, requested: { to: '2014-02' } });
    const { period: _a, ...a } = s;
    const { period: _b, ...b } = dataOf(now).satisfaction;
    expect(a).toEqual(b);
    expect(late.warnings).toEqual([
      {
        code: 'PERIOD_CLIPPED',
        message:
          '12 months to 2014-02 was answered as the 12 months to 2013-11: the victim satisfaction surveys ' +
          'end at 2013-11.',
        path: ['satisfaction'],
      },
    ]);
  });
});

describe('months without data inside the period', () => {
  it('satisfaction of an area without survey responses is null, and the months are named', async () => {
    const r = await post(
      `{ satisfaction(area: "BLABY", survey: ALL_USERS, asOf: "2013-11") { rate respondents gap monthsWithoutData } }`,
    );
    const s = dataOf(r).satisfaction;
    expect([s.rate, s.respondents, s.gap, s.monthsWithoutData.length]).toEqual([null, 0, null, 12]);
    expect(r.warnings).toEqual([
      {
        code: 'MONTHS_WITHOUT_DATA',
        message:
          `No ALL_USERS survey responses for BLABY in ${s.monthsWithoutData.join(', ')}: the rate is over ` +
          `the other months of the 12.`,
        path: ['satisfaction'],
      },
    ]);
    const full = await post(`{ satisfaction(area: "CITY", survey: ALL_USERS, asOf: "2013-11") { monthsWithoutData } }`);
    expect([dataOf(full).satisfaction.monthsWithoutData, full.warnings]).toEqual([[], []]);
  });
});

describe('trailing windows start at the first month of data', () => {
  it(`a trend, a control chart and a peer comparison reaching before the data cover the months held, \
and say so`, async () => {
    const q = `query($months: Int!) { performance(area: "LEICESTERSHIRE", category: "ALL_CRIME",
        period: { month: "2012-06" }) {
      trend(months: $months) { months } controlChart(months: $months) { points { month } }
        peerComparison(months: $months) { period { from to months } } } }`;
    const r = await post(q, { months: 24 });
    const p = dataOf(r).performance;
    expect(p.trend.months).toBe(15);
    expect(p.controlChart.points.map((x: any) => x.month)).toHaveLength(15);
    expect(p.controlChart.points[0].month).toBe('2011-04');
    expect(p.peerComparison.period).toEqual({ from: '2011-04', to: '2012-06', months: 15 });
    // One warning per field (in the order the fields complete).
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings.map((w) => [w.code, w.path]).sort()).toEqual([
      ['PERIOD_CLIPPED', ['performance', 'controlChart']],
      ['PERIOD_CLIPPED', ['performance', 'peerComparison']],
      ['PERIOD_CLIPPED', ['performance', 'trend']],
    ]);
    expect(r.warnings.find((w) => w.path?.[1] === 'trend')?.message).toBe(
      'The 24-month trend to 2012-06 starts before the first month of recorded crime data: it covers 2011-04 ' +
        'to 2012-06 only.',
    );
    const inside = await post(q, { months: 12 });
    expect(dataOf(inside).performance.trend.months).toBe(12);
    expect(inside.warnings).toEqual([]);
  });
});

describe('a period with no month of data is an error that names the data held', () => {
  it.each([
    [{ financialYear: '2030-31' }, '2030-04', '2031-03'],
    [{ month: '2014-06' }, '2014-06', '2014-06'],
    [{ financialYear: '2009-10' }, '2009-04', '2010-03'],
  ])('%j is PERIOD_OUTSIDE_DATA, never a row of zeros', async (period, from, to) => {
    const r = await post(PERFORMANCE, { area: 'LEICESTERSHIRE', category: 'ALL_CRIME', period });
    expect(r.data?.performance ?? null).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions).toEqual({
      code: 'PERIOD_OUTSIDE_DATA',
      facts: 'recordedCrime',
      requestedFrom: from,
      requestedTo: to,
      firstMonth: '2011-04',
      lastMonth: '2013-11',
    });
    expect(r.errors![0].message).toContain('the store holds recorded crime from 2011-04 to 2013-11');
  });

  it('a league table, a scorecard and satisfaction past the data are refused the same way', async () => {
    const league = await post(
      `{ leagueTable(category: "ALL_CRIME", period: { financialYear: "2030-31" }) { recorded } }`,
    );
    const scorecard = await post(
      `{ scorecard(plan: "LEICESTERSHIRE-2013-14", area: "CITY", asOf: "2013-11") { actual } }`,
    );
    const satisfaction = await post(`{ satisfaction(area: "CITY", survey: ALL_USERS, asOf: "2015-01") { rate } }`);
    expect(league.errors?.[0].extensions?.code).toBe('PERIOD_OUTSIDE_DATA');
    expect(scorecard.errors).toBeUndefined();
    expect(satisfaction.errors?.[0].extensions).toEqual(
      expect.objectContaining({ code: 'PERIOD_OUTSIDE_DATA', facts: 'satisfaction', lastMonth: '2013-11' }),
    );
  });
});

describe('exact decimals and consistent nulls', () => {
  it('targets, gaps and outcome gaps print as the exact decimals they are', async () => {
    const ytd = { financialYear: '2013-14', asOf: '2013-11' };
    const city = dataOf(
      await post(PERFORMANCE, { area: 'CITY', category: 'DOMESTIC_BURGLARY', period: ytd }),
    ).performance;
    const counties = dataOf(
      await post(PERFORMANCE, { area: 'COUNTIES', category: 'DOMESTIC_BURGLARY', period: ytd }),
    ).performance;
    expect([city.targetLevel, city.gapToTarget, city.outcomeGap]).toEqual([1086.63, 75.37, 99.5]);
    expect([counties.targetLevel, counties.gapToTarget]).toEqual([1316.31, 187.69]);
    // The same as worked out by hand from the counts: P x (100 - 13) / 100, and C minus it.
    expect(city.targetLevel).toBe(Number(((city.previousRecorded * 87) / 100).toFixed(2)));
    expect(city.gapToTarget).toBe(Number((city.recorded - (city.previousRecorded * 87) / 100).toFixed(2)));
  });

  it('every LPU row of a league table has a gap of at most two decimals (whole-percent targets)', async () => {
    const rows = dataOf(
      await post(
        `{ leagueTable(category: "ALL_CRIME", level: LPU, period: { financialYear: "2013-14", ` +
          `asOf: "2013-11" }) { targetReduction targetLevel gapToTarget } }`,
        undefined,
        steward,
      ),
    ).leagueTable;
    const withTarget = rows.filter((r: any) => r.gapToTarget !== null);
    expect(withTarget.length).toBeGreaterThan(5);
    for (const r of withTarget) {
      expect(Number.isInteger(r.targetReduction)).toBe(true);
      expect(Number(r.gapToTarget.toFixed(2))).toBe(r.gapToTarget);
      expect(Number(r.targetLevel.toFixed(2))).toBe(r.targetLevel);
    }
  });

  it('a month without crimes and a known population has a crime rate of 0, not null', async () => {
    // The seed holds no crimes of the unsplit category anywhere: inside the data, that is 0 crimes.
    const vars = {
      area: 'CITY_CENTRE',
      category: 'VIOLENCE_AND_SEXUAL_OFFENCES_UNSPLIT',
      period: { month: '2013-08' },
    };
    const r = await post(
      `query($area: String!, $category: String!, $period: PeriodInput!) {
      performance(area: $area, category: $category, period: $period) { ${FIGURES} monthly { hasData }
        coverage { complete } } }`,
      vars,
    );
    const p = dataOf(r).performance;
    expect([p.monthly, p.coverage.complete]).toEqual([[{ hasData: false }], false]);
    expect([p.recorded, p.previousRecorded, p.change, p.crimeRatePer1000]).toEqual([0, 0, 0, 0]);
    // No rate over no crimes, and no percentage change from nothing: undefined, so null.
    expect([p.percentChange, p.outcomeRate, p.previousOutcomeRate]).toEqual([null, null, null]);
    expect(codes(r)).toEqual(['MONTHS_WITHOUT_DATA']);
  });
});

describe('warnings are kept with cached answers', () => {
  it('a response-cache HIT carries the same warnings as the MISS', async () => {
    const vars = { area: 'BLABY', category: 'BURGLARY', period: { financialYear: '2013-14' } };
    const first = await post(PERFORMANCE, vars);
    const second = await post(PERFORMANCE, vars);
    expect([first.cache?.status, second.cache?.status]).toEqual(['MISS', 'HIT']);
    expect(codes(first)).toEqual(['PERIOD_CLIPPED']);
    expect(second.warnings).toEqual(first.warnings);
    expect(second.data).toEqual(first.data);
  });

  it('an underInvestigation with no snapshot that month says so', async () => {
    const r = await post(
      // A category without sensitive records: exact for everyone (ALL_CRIME below force level is perturbed).
      `{ performance(area: "CITY", category: "DOMESTIC_BURGLARY", ` +
        `period: { month: "2011-06" }) { underInvestigation } }`,
    );
    expect(dataOf(r).performance.underInvestigation).toBeNull();
    expect(codes(r)).toEqual(['COMPARISON_BEFORE_DATA', 'INVESTIGATIONS_NOT_LOADED']);
    expect(r.warnings[1]).toEqual({
      code: 'INVESTIGATIONS_NOT_LOADED',
      message: 'No snapshot of crimes under investigation as of 2011-06: snapshots are loaded for 2012-04 to 2013-11.',
      path: ['performance', 'underInvestigation'],
    });
  });
});

describe('an import moves the horizon', () => {
  const IMPORT = `mutation($kind: CsvKind!, $csv: String!) { importCsv(kind: $kind, csv: $csv) { rowsRead } }`;

  it('cache lifetimes follow the months compared, not the months asked for', async () => {
    // The open months are the current month and the one before: asked for, but not compared.
    const now = new Date();
    const open = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const r = await post(PERFORMANCE, {
      area: 'LEICESTERSHIRE',
      category: 'ALL_CRIME',
      period: { from: '2013-04', to: open },
    });
    expect(r.errors).toBeUndefined();
    expect(dataOf(r).performance.period.to).toBe('2013-11');
    expect(r.cache?.maxAge).toBe(FIGURES_MAX_AGE);
    expect(OPEN_PERIOD_MAX_AGE).toBeLessThan(FIGURES_MAX_AGE);
  });

  it('a month imported for one area moves the horizon for every query; others get MONTHS_WITHOUT_DATA', async () => {
    // A category without sensitive records, exact for everyone (ALL_CRIME below force level is perturbed).
    const vars = { area: 'CITY', category: 'DOMESTIC_BURGLARY', period: { from: '2013-04', to: '2013-12' } };
    const before = await post(PERFORMANCE, vars);
    expect(dataOf(before).performance.period).toEqual(expect.objectContaining({ to: '2013-11', clipped: true }));
    const imported = await post(
      IMPORT,
      { kind: 'CRIMES', csv: 'month,area_code,category_code,recorded\n2013-12,BLABY,DOMESTIC_BURGLARY,7\n' },
      steward,
    );
    expect(imported.errors).toBeUndefined();

    const after = await post(PERFORMANCE, vars);
    expect(after.cache?.status).toBe('MISS');
    const p = dataOf(after).performance;
    expect(p.period).toEqual(expect.objectContaining({ to: '2013-12', months: 9, clipped: false }));
    // The city sent nothing for 2013-12: its month counts as 0, and the answer says so.
    expect(p.recorded).toBe(dataOf(before).performance.recorded);
    expect(codes(after)).toEqual(['OUTCOMES_INCOMPLETE', 'MONTHS_WITHOUT_DATA']);
    expect(after.warnings[1].message).toBe(
      'Some months of the period hold no recorded crime for CITY/DOMESTIC_BURGLARY (2013-12): they count as ' +
        '0 (see coverage).',
    );
    expect(after.warnings[0].message).toBe(
      'Outcomes are loaded to 2013-11 only: outcome figures for 2013-04 to 2013-12 miss the months after it.',
    );

    const blaby = await post(PERFORMANCE, {
      area: 'BLABY',
      category: 'DOMESTIC_BURGLARY',
      period: { month: '2013-12' },
    });
    expect(dataOf(blaby).performance.recorded).toBe(7);
    expect(codes(blaby)).toEqual(['OUTCOMES_INCOMPLETE']);
  });
});
