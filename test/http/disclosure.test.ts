/**
 * Disclosure control over HTTP on the seed (docs/disclosure.md): below force level, counts that
 * hold sensitive records carry keyed noise for anonymous callers (method PERTURBED), the same on
 * every asking, with every figure of an answer worked out from the same perturbed counts; any API
 * key sees exact figures; force level and categories holding no sensitive records are exact for
 * everyone; zero stays zero; and it costs no SQL statement. Cases are found in the base tables.
 * How often differencing recovers a small count: test/http/disclosure-attack.test.ts.
 */
import { createApiKey } from '../../src/auth/api-keys';
import { PERTURBED_REASON } from '../../src/auth/disclosure';
import { dataOf, startTestServer, type TestServer } from '../support/harness';

const SENSITIVE = ['DOMESTIC_VIOLENCE', 'SEXUAL_OFFENCES', 'HATE_CRIME'];
const PERTURBED = { method: 'PERTURBED', withheld: false, reason: PERTURBED_REASON, restricted: true, threshold: 5 };
const EXACT = { method: 'EXACT', withheld: false, reason: null, restricted: false, threshold: 5 };
/** A perturbed count moves by at most 2B: B = 3 at LPU level, 1 at BCU level, 2 for surveys. */
const LPU_BOUND = 6;
const BCU_BOUND = 2;
const SURVEY_BOUND = 4;

let server: TestServer;
let analyst: Record<string, string>;
let partner: Record<string, string>;

interface Cell {
  area: string;
  parent: string;
  category: string;
  month: string;
  recorded: number;
  outcomes: number;
}
/** Every LPU x leaf category x month of the seed, from the base tables (facts are at LPU level). */
let cells: Cell[];
const cell = (area: string, category: string, month: string) =>
  cells.find((c) => c.area === area && c.category === category && c.month === month) ?? { recorded: 0, outcomes: 0 };
const small = (n: number) => n >= 1 && n <= 4;
const YTD_MONTHS = ['2013-04', '2013-05', '2013-06', '2013-07', '2013-08', '2013-09', '2013-10', '2013-11'];
const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);

const FIGURES = `
  recorded previousRecorded change percentChange targetReduction targetLevel gapToTarget targetMet
  outcomes previousOutcomes outcomeRate previousOutcomeRate targetOutcomeRate outcomesRequired outcomeGap
    outcomeTargetMet
  outcomesByType { outcomeType count previousCount }
  underInvestigation crimeRatePer1000
  trend(months: 8) { direction slope }
  monthly { month recorded outcomes outcomeRate previousRecorded hasData withheld }
  controlChart(months: 12) { centreLine points { month value } }
  significance { pValue }
  contributions(by: AREA) { change }
  narrative
  disclosure { method withheld reason restricted threshold }
`;
const PERFORMANCE = `query($area: String!, $category: String!, $period: PeriodInput!) {
  performance(area: $area, category: $category, period: $period) { area { code level } category { code sensitive }
    ${FIGURES} }
}`;
const ask = async (query: string, variables: Record<string, unknown>, headers?: Record<string, string>) => {
  const r = await server.gql(query, variables, headers);
  return { data: dataOf(r), warnings: ((r.extensions?.warnings ?? []) as { code: string }[]).map((w) => w.code) };
};
const performance = async (
  area: string,
  category: string,
  period: Record<string, unknown>,
  headers?: Record<string, string>,
) => (await ask(PERFORMANCE, { area, category, period }, headers)).data.performance;

beforeAll(async () => {
  server = await startTestServer();
  const prisma = server.db.prisma;
  const { key: analystKey } = await createApiKey(
    prisma,
    { name: 'analyst', role: 'ANALYST' },
    { actor: 'cli', role: null },
  );
  analyst = { authorization: `Bearer ${analystKey}` };
  const { key: partnerKey } = await createApiKey(
    prisma,
    { name: 'partner', role: 'PARTNER' },
    { actor: 'cli', role: null },
  );
  partner = { authorization: `Bearer ${partnerKey}` };
  cells = await prisma.$queryRawUnsafe<Cell[]>(
    `SELECT a.code AS area, p.code AS parent, k.code AS category,
            to_char(to_date(r.month::text, 'YYYYMM'), 'YYYY-MM') AS month, r.recorded,
            coalesce((SELECT sum(o.count) FROM crime_outcome o
                      WHERE o.area_id = r.area_id AND o.category_id = r.category_id AND o.month = r.month),
                        0)::int AS outcomes
     FROM recorded_crime r JOIN area a ON a.id = r.area_id JOIN area p ON p.id = a.parent_id
     JOIN crime_category k ON k.id = r.category_id
     WHERE a.level = 'LPU'`,
  );
});
afterAll(async () => {
  await server?.close();
});

/** LPU, sensitive category and month cells (with a comparison month in the data) where recorded is 1 to 4. */
function smallSensitiveCases(): Cell[] {
  return cells
    .filter((c) => c.category === 'SEXUAL_OFFENCES' && c.month >= '2012-04' && small(c.recorded))
    .sort((a, b) => (a.month + a.area).localeCompare(b.month + b.area));
}

describe('a small count of a sensitive category at an LPU, asked anonymously', () => {
  it('is perturbed, not withheld: every figure is shown, within the bound, and says what was done', async () => {
    const c = smallSensitiveCases()[0];
    const { data, warnings } = await ask(PERFORMANCE, {
      area: c.area,
      category: c.category,
      period: { month: c.month },
    });
    const p = data.performance;
    expect(p.category).toEqual({ code: 'SEXUAL_OFFENCES', sensitive: true });
    expect(p.disclosure).toEqual(PERTURBED);
    expect(Number.isInteger(p.recorded) && p.recorded >= 0).toBe(true);
    expect(Math.abs(p.recorded - c.recorded)).toBeLessThanOrEqual(LPU_BOUND);
    for (const field of [
      'recorded',
      'previousRecorded',
      'change',
      'outcomes',
      'monthly',
      'trend',
      'controlChart',
      'narrative',
    ]) {
      expect({ field, shown: p[field] !== null }).toEqual({ field, shown: true });
    }
    // Breakdowns the noise does not cover are withheld, whatever their counts.
    expect(p.outcomesByType).toBeNull();
    expect(p.underInvestigation).toBeNull();
    expect(warnings).toEqual(expect.arrayContaining(['FIGURES_PERTURBED', 'FIGURES_WITHHELD']));
    // The same cell always gets the same answer.
    expect(await performance(c.area, c.category, { month: c.month })).toEqual(p);
  });

  it('small counts are shown as themselves about one time in seven, never negative, zero-mean', async () => {
    const cases = smallSensitiveCases();
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const query =
      `query($period: PeriodInput!) { leagueTable(category: "SEXUAL_OFFENCES", level: LPU, ` +
      `period: $period) { area { code } recorded } }`;
    let same = 0;
    let noise = 0;
    for (const month of [...new Set(cases.map((c) => c.month))]) {
      const rows = (await ask(query, { period: { month } })).data.leagueTable as {
        area: { code: string };
        recorded: number;
      }[];
      for (const c of cases.filter((x) => x.month === month)) {
        const shown = rows.find((r) => r.area.code === c.area)!.recorded;
        expect(shown).toBeGreaterThanOrEqual(0);
        if (shown === c.recorded) same++;
        noise += shown - c.recorded;
      }
    }
    console.log(
      `small LPU sexual offences counts shown as themselves: ${same} of ${cases.length}; ` +
        `mean noise ${(noise / cases.length).toFixed(2)}`,
    );
    expect(same / cases.length).toBeLessThanOrEqual(0.25);
    expect(Math.abs(noise / cases.length)).toBeLessThan(1);
  });

  it.each([
    ['ANALYST', () => analyst],
    ['PARTNER', () => partner],
  ])('a key with role %s gets the exact numbers of the base tables', async (_role, headers) => {
    const c = smallSensitiveCases()[0];
    const before = cell(c.area, c.category, `${Number(c.month.slice(0, 4)) - 1}${c.month.slice(4)}`);
    const { data, warnings } = await ask(
      PERFORMANCE,
      { area: c.area, category: c.category, period: { month: c.month } },
      headers(),
    );
    const p = data.performance;
    expect(p.disclosure).toEqual(EXACT);
    expect([p.recorded, p.previousRecorded, p.outcomes, p.previousOutcomes]).toEqual([
      c.recorded,
      before.recorded,
      c.outcomes,
      before.outcomes,
    ]);
    expect(p.outcomesByType).not.toBeNull();
    expect(warnings).not.toContain('FIGURES_PERTURBED');
  });

  it('zero stays zero: a sensitive LPU month with no crime shows 0', async () => {
    const c = cells.find((x) => SENSITIVE.includes(x.category) && x.recorded === 0 && x.month >= '2012-04');
    expect(c).toBeDefined();
    const p = await performance(c!.area, c!.category, { month: c!.month });
    expect(p.disclosure.method).toBe('PERTURBED');
    expect(p.recorded).toBe(0);
  });
});

describe('an answer agrees with itself', () => {
  it(`year to date at an LPU: months sum to the totals; change, rates, trend, \
chart and narrative come from the same perturbed counts`, async () => {
    const lpu = [...new Set(cells.map((x) => x.area))]
      .sort()
      .find((area) => YTD_MONTHS.some((m) => small(cell(area, 'HATE_CRIME', m).recorded)))!;
    const period = { financialYear: '2013-14', asOf: '2013-11' };
    const p = await performance(lpu, 'HATE_CRIME', period);
    const keyed = await performance(lpu, 'HATE_CRIME', period, analyst);
    expect(p.disclosure).toEqual(PERTURBED);
    const months = p.monthly.map((m: any) => m.recorded);
    expect(sum(months)).toBe(p.recorded);
    expect(sum(p.monthly.map((m: any) => m.outcomes))).toBe(p.outcomes);
    expect(sum(p.monthly.map((m: any) => m.previousRecorded))).toBe(p.previousRecorded);
    expect(p.change).toBe(p.recorded - p.previousRecorded);
    expect(p.percentChange).toBeCloseTo(((p.recorded - p.previousRecorded) / p.previousRecorded) * 100, 9);
    expect(p.outcomeRate).toBeCloseTo((p.outcomes / p.recorded) * 100, 9);
    // The chart's last eight points are the period's months; the trend is fitted to them.
    expect(p.controlChart.points.slice(-8).map((x: any) => x.value)).toEqual(months);
    const mean = sum(months) / 8;
    const slope =
      sum(months.map((y: number, i: number) => (i - 3.5) * (y - mean))) /
      sum(months.map((_: number, i: number) => (i - 3.5) ** 2));
    expect(p.trend.slope).toBeCloseTo(slope, 9);
    expect(p.narrative.join(' ')).toContain(`${Math.abs(p.percentChange).toFixed(1)}%`);
    // ... and it is not the exact answer, which a key gets.
    expect(keyed.monthly.map((m: any) => m.recorded)).toEqual(
      YTD_MONTHS.map((m) => cell(lpu, 'HATE_CRIME', m).recorded),
    );
    expect(months).not.toEqual(keyed.monthly.map((m: any) => m.recorded));
    months.forEach((y: number, i: number) =>
      expect(Math.abs(y - keyed.monthly[i].recorded)).toBeLessThanOrEqual(LPU_BOUND),
    );
  });

  it(`periods are differences of the same running totals: year to date to November minus to October is \
November`, async () => {
    const c =
      smallSensitiveCases().find((x) => x.month === '2013-11') ??
      smallSensitiveCases().find((x) => x.month > '2013-04')!;
    const previous = YTD_MONTHS[YTD_MONTHS.indexOf(c.month) - 1];
    const to = await performance(c.area, c.category, { financialYear: '2013-14', asOf: c.month });
    const before = await performance(c.area, c.category, { financialYear: '2013-14', asOf: previous });
    const month = await performance(c.area, c.category, { month: c.month });
    const range = await performance(c.area, c.category, { from: '2012-12', to: c.month });
    const rangeBefore = await performance(c.area, c.category, { from: '2012-12', to: previous });
    expect(to.recorded - before.recorded).toBe(month.recorded);
    expect(range.recorded - rangeBefore.recorded).toBe(month.recorded);
  });

  it(`a category carries its sensitive subcategories' noise: all crime minus its other categories is the perturbed \
sexual offences`, async () => {
    const c = smallSensitiveCases()[0];
    const query = `query($area: String!, $period: PeriodInput!) {
      performance(area: $area, category: "ALL_CRIME", period: $period) {
        recorded disclosure { method } subcategories { category { code sensitive } recorded disclosure { method } }
        contributions(by: CATEGORY) { category { code } recorded }
      }
    }`;
    const p = (await ask(query, { area: c.area, period: { month: c.month } })).data.performance;
    const keyed = (await ask(query, { area: c.area, period: { month: c.month } }, analyst)).data.performance;
    expect(p.disclosure.method).toBe('PERTURBED');
    const so = p.subcategories.find((s: any) => s.category.code === 'SEXUAL_OFFENCES');
    const others = p.subcategories.filter((s: any) => s.category.code !== 'SEXUAL_OFFENCES');
    expect(others.every((s: any) => s.disclosure.method === 'EXACT')).toBe(true);
    expect(others).toEqual(
      keyed.subcategories.filter((s: any) => s.category.code !== 'SEXUAL_OFFENCES').map((s: any) => ({ ...s })),
    );
    expect(p.recorded - sum(others.map((s: any) => s.recorded))).toBe(so.recorded);
    expect(p.contributions.find((x: any) => x.category.code === 'SEXUAL_OFFENCES').recorded).toBe(so.recorded);
    expect(Math.abs(p.recorded - keyed.recorded)).toBeLessThanOrEqual(LPU_BOUND);
  });
});

describe('exact for everyone', () => {
  it('force level: the same answer for anonymous callers and keys', async () => {
    const c = smallSensitiveCases()[0];
    const query = `query($period: PeriodInput!) { performance(area: "LEICESTERSHIRE", category: "SEXUAL_OFFENCES",
        period: $period) {
      recorded previousRecorded outcomes monthly { recorded } trend(months: 6) { slope } disclosure { method } } }`;
    const anonymous = await ask(query, { period: { month: c.month } });
    const keyed = await ask(query, { period: { month: c.month } }, analyst);
    expect(anonymous.data).toEqual(keyed.data);
    expect(anonymous.data.performance.disclosure.method).toBe('EXACT');
    expect(anonymous.data.performance.recorded).toBe(
      sum(cells.filter((x) => x.category === 'SEXUAL_OFFENCES' && x.month === c.month).map((x) => x.recorded)),
    );
  });

  it('a category holding no sensitive records: small counts at an LPU are exact for anonymous callers', async () => {
    const c = cells
      .filter((x) => !SENSITIVE.includes(x.category) && x.month >= '2012-04' && small(x.recorded))
      .sort((a, b) => (a.category + a.month + a.area).localeCompare(b.category + b.month + b.area))[0];
    const anonymous = await ask(PERFORMANCE, { area: c.area, category: c.category, period: { month: c.month } });
    const keyed = await ask(PERFORMANCE, { area: c.area, category: c.category, period: { month: c.month } }, analyst);
    expect(anonymous.data.performance.disclosure).toEqual(EXACT);
    expect(anonymous.data.performance.recorded).toBe(c.recorded);
    expect(anonymous.data).toEqual(keyed.data);
    expect(anonymous.warnings).not.toContain('FIGURES_PERTURBED');
  });

  it('DISCLOSURE_THRESHOLD=1 turns disclosure control off', async () => {
    const c = smallSensitiveCases()[0];
    process.env.DISCLOSURE_THRESHOLD = '1';
    try {
      const p = await performance(c.area, c.category, { month: c.month });
      expect(p.disclosure).toEqual({ ...EXACT, threshold: 1 });
      expect(p.recorded).toBe(c.recorded);
    } finally {
      delete process.env.DISCLOSURE_THRESHOLD;
    }
  });
});

describe('BCUs and the report', () => {
  it(`a BCU's all crime is perturbed with the smaller BCU bound; \
its children and contributions are the perturbed LPUs`, async () => {
    const query = `query($area: String!, $period: PeriodInput!) {
      performance(area: $area, category: "ALL_CRIME", period: $period) {
        recorded previousRecorded change percentChange disclosure { method }
        children { area { code } recorded }
        contributions(by: AREA) { area { code } recorded }
      }
    }`;
    const period = { financialYear: '2013-14', asOf: '2013-11' };
    for (const bcu of ['CITY', 'COUNTIES']) {
      const p = (await ask(query, { area: bcu, period })).data.performance;
      const keyed = (await ask(query, { area: bcu, period }, analyst)).data.performance;
      expect(p.disclosure.method).toBe('PERTURBED');
      expect(Math.abs(p.recorded - keyed.recorded)).toBeLessThanOrEqual(BCU_BOUND * 2);
      expect(Math.abs(p.change - keyed.change)).toBeLessThanOrEqual(BCU_BOUND * 4);
      console.log(
        `${bcu} ALL_CRIME year to date, anonymous - exact: recorded ${p.recorded - keyed.recorded}, ` +
          `change ${p.change - keyed.change}`,
      );
      for (const ch of p.children)
        expect(p.contributions.find((x: any) => x.area.code === ch.area.code).recorded).toBe(ch.recorded);
    }
  });

  it(`the scorecard: a perturbed row is measured on the perturbed figure and says so; \
other rows are exact`, async () => {
    const query = `{ scorecard(plan: "LEICESTERSHIRE-2013-14", area: "BLABY", asOf: "2013-11", orderBy: PLAN) {
      objective { measure category { code } } actual target gap met classification disclosure { method }
      performance { percentChange outcomeRate }
    } }`;
    const anonymous = (await ask(query, {})).data.scorecard;
    const keyed = (await ask(query, {}, analyst)).data.scorecard;
    const hate = (rows: any[]) => rows.find((r) => r.objective.category?.code === 'HATE_CRIME');
    expect(hate(keyed).disclosure.method).toBe('EXACT');
    expect(hate(anonymous).disclosure.method).toBe('PERTURBED');
    const row = hate(anonymous);
    expect(row.actual).toBe(
      row.objective.measure === 'RECORDED_CRIME' ? row.performance.percentChange : row.performance.outcomeRate,
    );
    expect(hate(anonymous).target).toBe(hate(keyed).target);
    const exactRows = (rows: any[]) =>
      rows.filter(
        (r) =>
          r.objective.category &&
          !SENSITIVE.includes(r.objective.category.code) &&
          r.objective.category.code !== 'ALL_CRIME',
      );
    expect(exactRows(anonymous)).toEqual(exactRows(keyed));
  });
});

describe('surveys of victims of a sensitive category', () => {
  const query = `query($area: String!, $survey: Survey!) { satisfaction(area: $area, survey: $survey, asOf: "2013-11") {
    rate respondents satisfied monthly { month respondents rate } aspects { aspect respondents satisfied rate }
      disclosure { method }
  } }`;

  it(`racist incidents below force level: perturbed for anonymous callers, rates from the perturbed counts; \
exact with a key`, async () => {
    const anonymous = (await ask(query, { area: 'COUNTIES', survey: 'RACIST_INCIDENT' })).data.satisfaction;
    const keyed = (await ask(query, { area: 'COUNTIES', survey: 'RACIST_INCIDENT' }, analyst)).data.satisfaction;
    expect(anonymous.disclosure.method).toBe('PERTURBED');
    expect(keyed.disclosure.method).toBe('EXACT');
    expect(anonymous.monthly.map((m: any) => m.respondents)).not.toEqual(keyed.monthly.map((m: any) => m.respondents));
    expect(anonymous.rate).toBeCloseTo((anonymous.satisfied / anonymous.respondents) * 100, 9);
    for (const a of anonymous.aspects) expect(a.satisfied).toBeLessThanOrEqual(a.respondents);
    anonymous.monthly.forEach((m: any, i: number) =>
      expect(Math.abs(m.respondents - keyed.monthly[i].respondents)).toBeLessThanOrEqual(SURVEY_BOUND * 2),
    );
  });

  it('other surveys, and racist incidents at force level, are exact for everyone', async () => {
    for (const [area, survey] of [
      ['COUNTIES', 'VIOLENT'],
      ['LEICESTERSHIRE', 'RACIST_INCIDENT'],
    ]) {
      const anonymous = (await ask(query, { area, survey })).data;
      expect(anonymous).toEqual((await ask(query, { area, survey }, analyst)).data);
      expect(anonymous.satisfaction.disclosure.method).toBe('EXACT');
    }
  });
});

describe('cost', () => {
  it('disclosure control issues no SQL statement of its own: anonymous and keyed requests count the same', async () => {
    const c = smallSensitiveCases()[0];
    const query = `query($area: String!, $period: PeriodInput!) {
      performance(area: $area, category: "SEXUAL_OFFENCES", period: $period) {
        ${FIGURES} peerComparison { rate } children { ${FIGURES} }
        subcategories { recorded }
      }
      allCrime: performance(area: $area, category: "ALL_CRIME", period: $period) { recorded monthly { recorded }
        subcategories { recorded } }
    }`;
    for (const [area, period] of [
      [c.area, { month: c.month }],
      [c.parent, { month: c.month }],
      [c.parent, { financialYear: '2013-14', asOf: '2013-11' }],
      ['LEICESTERSHIRE', { month: c.month }],
    ] as const) {
      // On PostgreSQL, replies arriving in different event-loop turns can split a batch in two,
      // so each count is the least of three runs: noise only ever adds statements.
      const least = async (headers?: Record<string, string>) => {
        const counts: number[] = [];
        for (let i = 0; i < 3; i++) {
          const r = await server.gql(query, { area, period }, headers);
          dataOf(r);
          counts.push(r.extensions!.sqlStatements!);
        }
        return Math.min(...counts);
      };
      const keyed = await least(analyst);
      const anonymous = await least();
      expect({ area, period, statements: anonymous }).toEqual({ area, period, statements: keyed });
    }
  });
});
