/**
 * The write API over HTTP on the seeded store, with a STEWARD key: every mutation writes
 * what it says, every figure that depends on it follows exactly (LPU, BCU, force; the
 * category and its ancestors), bad input is rejected with a stable code and the field at
 * fault, nothing is ever half written, and every write leaves an audit entry.
 */
import { createApiKey } from '../../src/auth/api-keys';
import { dataOf, startTestServer, type GraphQLResponse, type TestServer } from '../support/harness';

let server: TestServer;
const STEWARD = 'write-api-steward';
let steward: Record<string, string>;
let analyst: Record<string, string>;
let admin: Record<string, string>;

/** A key of a role, made by the key service as an admin would; sent as a Bearer token. */
async function createKey(name: string, role: string): Promise<Record<string, string>> {
  const { key } = await createApiKey(server.db.prisma, { name, role }, { actor: 'cli', role: null });
  return { authorization: `Bearer ${key}` };
}

beforeAll(async () => {
  server = await startTestServer();
  steward = await createKey(STEWARD, 'STEWARD');
  analyst = await createKey('write-api-analyst', 'ANALYST');
  admin = await createKey('write-api-admin', 'ADMIN');
});
afterAll(() => server.close());

const asSteward = (query: string, variables?: Record<string, unknown>) => server.gql(query, variables, steward);
const sql = <T = any>(query: string, ...params: unknown[]) => server.db.prisma.$queryRawUnsafe<T[]>(query, ...params);

/** The one error of a response. */
function errorOf(response: GraphQLResponse): {
  message: string;
  code: string;
  field?: string;
  extensions: Record<string, any>;
} {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  return {
    message: error.message,
    code: error.extensions?.code,
    field: error.extensions?.field,
    extensions: error.extensions ?? {},
  };
}

const YTD = { financialYear: '2013-14', asOf: '2013-11' };

interface Figures {
  recorded: number;
  previousRecorded: number;
  outcomes: number;
  underInvestigation: number | null;
  targetReduction: number | null;
  targetLevel: number | null;
  gapToTarget: number | null;
}

/** Year-to-date figures of several areas for one category, in one request. */
async function figures(
  category: string,
  areas: string[],
  period: Record<string, unknown> = YTD,
): Promise<Record<string, Figures>> {
  const fields = 'recorded previousRecorded outcomes underInvestigation targetReduction targetLevel gapToTarget';
  const query = `query($category: String!, $period: PeriodInput!) { ${areas
    .map((a) => `${a}: performance(area: "${a}", category: $category, period: $period) { ${fields} }`)
    .join(' ')} }`;
  return dataOf(await server.gql(query, { category, period }, steward));
}

/** A fingerprint of every derived table and fact table, to prove a failed write changed nothing. */
async function storeFingerprint(): Promise<Record<string, string>> {
  const [row] = await sql(`SELECT
    (SELECT md5(string_agg(concat_ws(',', id, code, parent_id), ';' ORDER BY id)) FROM area) AS area,
    (SELECT md5(string_agg(concat_ws(',', ancestor_id, descendant_id, depth), ';' ORDER BY ancestor_id,
      descendant_id)) FROM area_closure) AS area_closure,
    (SELECT md5(string_agg(concat_ws(',', category_id, area_id, month, recorded, outcomes), ';' ORDER BY category_id,
      area_id, month)) FROM fact_rollup) AS fact_rollup,
    (SELECT md5(string_agg(concat_ws(',', category_id, area_id, month, outcome_type, count),
      ';' ORDER BY category_id, area_id, month, outcome_type)) FROM outcome_rollup) AS outcome_rollup,
    (SELECT md5(string_agg(concat_ws(',', category_id, area_id, as_of, count), ';' ORDER BY category_id, area_id,
      as_of)) FROM investigation_rollup) AS investigation_rollup,
    (SELECT md5(string_agg(concat_ws(',', area_id, survey, aspect, month, respondents, satisfied),
      ';' ORDER BY area_id, survey, aspect, month)) FROM satisfaction_rollup) AS satisfaction_rollup,
    (SELECT md5(string_agg(concat_ws(',', area_id, category_id, month, recorded), ';' ORDER BY area_id, category_id,
      month)) FROM recorded_crime) AS recorded_crime,
    (SELECT md5(string_agg(concat_ws(',', id, plan_id, area_id, measure, subject, target, harm),
      ';' ORDER BY id)) FROM objective) AS objective,
    (SELECT md5(string_agg(concat_ws(',', group_id, area_id), ';' ORDER BY group_id,
      area_id)) FROM peer_group_member) AS peer_group_member,
    (SELECT count(*)::text FROM audit_log) AS audit_entries`);
  return row;
}

async function auditEntries(action: string, target?: string) {
  return sql<{
    actor: string;
    role: string | null;
    action: string;
    target: string;
    rows: number;
    details: any;
    at: Date;
  }>(
    `SELECT actor, role, action, target, rows, details, ` +
      `at FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR target = $2) ORDER BY id`,
    action,
    target ?? null,
  );
}

async function storedRecorded(month: number, area: string, category: string): Promise<number | null> {
  const [row] = await sql<{ recorded: number }>(
    `SELECT r.recorded FROM recorded_crime r JOIN area a ON a.id = r.area_id JOIN crime_category c ON c.id =
       r.category_id
     WHERE r.month = $1 AND a.code = $2 AND c.code = $3`,
    month,
    area,
    category,
  );
  return row?.recorded ?? null;
}

const SET_RECORDED = `mutation($month: String!, $area: String!, $category: String!, $recorded: Int) {
  setRecordedCrime(month: $month, area: $area, category: $category, recorded: $recorded) {
    month recorded previous area { code } category { code }
  }
}`;

describe('single facts', () => {
  it(`setRecordedCrime moves the LPU, its BCU and the force (and the parent categories) by exactly the delta; \
null removes the row`, async () => {
    const areas = ['BLABY', 'COUNTIES', 'LEICESTERSHIRE', 'CITY'];
    const before = await figures('DOMESTIC_BURGLARY', areas);
    const beforeAll = await figures('ALL_CRIME', areas);
    const stored = (await storedRecorded(201310, 'BLABY', 'DOMESTIC_BURGLARY'))!;
    expect(stored).toBe(33);

    const delta = 7;
    const written = dataOf(
      await asSteward(SET_RECORDED, {
        month: '2013-10',
        area: 'BLABY',
        category: 'DOMESTIC_BURGLARY',
        recorded: stored + delta,
      }),
    );
    expect(written.setRecordedCrime).toEqual({
      month: '2013-10',
      recorded: stored + delta,
      previous: stored,
      area: { code: 'BLABY' },
      category: { code: 'DOMESTIC_BURGLARY' },
    });
    const after = await figures('DOMESTIC_BURGLARY', areas);
    const afterAll = await figures('ALL_CRIME', areas);
    for (const area of ['BLABY', 'COUNTIES', 'LEICESTERSHIRE']) {
      expect(after[area].recorded - before[area].recorded).toBe(delta);
      expect(afterAll[area].recorded - beforeAll[area].recorded).toBe(delta);
      expect(after[area].previousRecorded).toBe(before[area].previousRecorded);
      // The target level is last year's count; the gap moves with this year's.
      expect(after[area].gapToTarget! - before[area].gapToTarget!).toBeCloseTo(delta, 9);
    }
    expect(after.CITY).toEqual(before.CITY);

    const [entry] = await auditEntries('SET_RECORDED_CRIME', '2013-10/BLABY/DOMESTIC_BURGLARY');
    expect(entry).toMatchObject({
      actor: STEWARD,
      role: 'STEWARD',
      rows: 1,
      details: { previous: stored, recorded: stored + delta },
    });
    expect(Date.now() - new Date(entry.at).getTime()).toBeLessThan(60_000);

    // null removes the row: the month then has no data for it.
    const removed = dataOf(
      await asSteward(SET_RECORDED, { month: '2013-10', area: 'BLABY', category: 'DOMESTIC_BURGLARY', recorded: null }),
    );
    expect(removed.setRecordedCrime).toMatchObject({ recorded: null, previous: stored + delta });
    expect(await storedRecorded(201310, 'BLABY', 'DOMESTIC_BURGLARY')).toBeNull();
    const gone = await figures('DOMESTIC_BURGLARY', areas);
    for (const area of ['BLABY', 'COUNTIES', 'LEICESTERSHIRE'])
      expect(before[area].recorded - gone[area].recorded).toBe(stored);
    expect(await auditEntries('DELETE_RECORDED_CRIME', '2013-10/BLABY/DOMESTIC_BURGLARY')).toEqual([
      expect.objectContaining({ actor: STEWARD, rows: 1, details: { previous: stored + delta, recorded: null } }),
    ]);

    // Written back as it was, every figure is as it was.
    dataOf(
      await asSteward(SET_RECORDED, {
        month: '2013-10',
        area: 'BLABY',
        category: 'DOMESTIC_BURGLARY',
        recorded: stored,
      }),
    );
    expect(await figures('DOMESTIC_BURGLARY', areas)).toEqual(before);
    expect(await figures('ALL_CRIME', areas)).toEqual(beforeAll);
  });

  it('setRecordedCrime refreshes only the month it touches', async () => {
    // A rollup row of another month, tampered with directly, stays as it is: only 2013-10 is rebuilt.
    const [{ id: blaby }] = await sql<{ id: number }>(`SELECT id FROM area WHERE code = 'BLABY'`);
    const [{ id: burglary }] = await sql<{ id: number }>(
      `SELECT id FROM crime_category WHERE code = 'DOMESTIC_BURGLARY'`,
    );
    await sql(
      `UPDATE fact_rollup SET recorded = recorded + 1000 WHERE area_id = $1 AND category_id = $2 AND month = ` +
        `201309 RETURNING 1`,
      blaby,
      burglary,
    );
    const stored = (await storedRecorded(201310, 'BLABY', 'DOMESTIC_BURGLARY'))!;
    dataOf(
      await asSteward(SET_RECORDED, {
        month: '2013-10',
        area: 'BLABY',
        category: 'DOMESTIC_BURGLARY',
        recorded: stored,
      }),
    );
    const [row] = await sql<{ recorded: number }>(
      `SELECT recorded FROM fact_rollup WHERE area_id = $1 AND category_id = $2 AND month = 201309`,
      blaby,
      burglary,
    );
    expect(row.recorded).toBe((await storedRecorded(201309, 'BLABY', 'DOMESTIC_BURGLARY'))! + 1000);
    await sql(
      `UPDATE fact_rollup SET recorded = recorded - 1000 WHERE area_id = $1 AND category_id = $2 AND month = ` +
        `201309 RETURNING 1`,
      blaby,
      burglary,
    );
  });

  it('setOutcome and setInvestigation move outcomes and the snapshot under investigation up the tree', async () => {
    const areas = ['BLABY', 'COUNTIES', 'LEICESTERSHIRE'];
    const before = await figures('DOMESTIC_BURGLARY', areas);
    const outcome = `mutation($count: Int) {
      setOutcome(month: "2013-10", area: "BLABY", category: "DOMESTIC_BURGLARY", outcomeType: CAUTION,
        count: $count) { month outcomeType count previous }
    }`;
    const set = dataOf(await asSteward(outcome, { count: 4 }));
    expect(set.setOutcome).toEqual({ month: '2013-10', outcomeType: 'CAUTION', count: 4, previous: null });
    const investigation = `mutation($count: Int) {
      setInvestigation(asOf: "2013-11", area: "BLABY", category: "DOMESTIC_BURGLARY",
        count: $count) { asOf count previous }
    }`;
    const snap = dataOf(await asSteward(investigation, { count: 50 }));
    expect(snap.setInvestigation).toEqual({ asOf: '2013-11', count: 50, previous: 44 });

    const after = await figures('DOMESTIC_BURGLARY', areas);
    for (const area of areas) {
      expect(after[area].outcomes - before[area].outcomes).toBe(4);
      expect(after[area].underInvestigation! - before[area].underInvestigation!).toBe(6);
      expect(after[area].recorded).toBe(before[area].recorded);
    }
    expect(await auditEntries('SET_OUTCOME', '2013-10/BLABY/DOMESTIC_BURGLARY/CAUTION')).toEqual([
      expect.objectContaining({ actor: STEWARD, role: 'STEWARD', rows: 1, details: { previous: null, count: 4 } }),
    ]);
    expect(await auditEntries('SET_INVESTIGATION', '2013-11/BLABY/DOMESTIC_BURGLARY')).toHaveLength(1);

    dataOf(await asSteward(outcome, { count: null }));
    dataOf(await asSteward(investigation, { count: 44 }));
    expect(await figures('DOMESTIC_BURGLARY', areas)).toEqual(before);
    // Removing a row that is not there changes nothing and says so: 0 rows.
    dataOf(await asSteward(outcome, { count: null }));
    const removals = await auditEntries('DELETE_OUTCOME', '2013-10/BLABY/DOMESTIC_BURGLARY/CAUTION');
    expect(removals.map((e) => e.rows)).toEqual([1, 0]);
  });

  it('setSatisfaction moves the force-wide respondents and rate', async () => {
    const query = `{
      s: satisfaction(area: "LEICESTERSHIRE", survey: ALL_USERS, asOf: "2013-11") { respondents rate }
    }`;
    const before = dataOf(await server.gql(query)).s;
    const [row] = await sql<{ respondents: number; satisfied: number }>(
      `SELECT respondents, satisfied FROM satisfaction_response s JOIN area a ON a.id = s.area_id
       WHERE a.code = 'COUNTIES' AND survey = 'ALL_USERS' AND aspect = 'WHOLE_EXPERIENCE' AND month = 201311`,
    );
    const mutation = `mutation($r: Int, $s: Int) {
      setSatisfaction(month: "2013-11", area: "COUNTIES", survey: ALL_USERS, aspect: WHOLE_EXPERIENCE,
        respondents: $r, satisfied: $s) {
        month survey aspect respondents satisfied previousRespondents previousSatisfied area { code }
      }
    }`;
    const written = dataOf(await asSteward(mutation, { r: row.respondents + 10, s: row.satisfied + 10 }));
    expect(written.setSatisfaction).toEqual({
      month: '2013-11',
      survey: 'ALL_USERS',
      aspect: 'WHOLE_EXPERIENCE',
      respondents: row.respondents + 10,
      satisfied: row.satisfied + 10,
      previousRespondents: row.respondents,
      previousSatisfied: row.satisfied,
      area: { code: 'COUNTIES' },
    });
    const after = dataOf(await server.gql(query)).s;
    expect(after.respondents - before.respondents).toBe(10);
    const satisfiedBefore = (before.rate / 100) * before.respondents;
    expect(after.rate).toBeCloseTo(((satisfiedBefore + 10) / (before.respondents + 10)) * 100, 9);

    const rejected = errorOf(await asSteward(mutation, { r: 10, s: 12 }));
    expect(rejected).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'satisfied',
      message: 'satisfied (12) is greater than respondents (10).',
    });
    const half = errorOf(await asSteward(mutation, { r: null, s: 12 }));
    expect(half).toMatchObject({ code: 'BAD_USER_INPUT', field: 'respondents' });

    dataOf(await asSteward(mutation, { r: row.respondents, s: row.satisfied }));
    expect(dataOf(await server.gql(query)).s).toEqual(before);
    expect(await auditEntries('SET_SATISFACTION', '2013-11/COUNTIES/ALL_USERS/WHOLE_EXPERIENCE')).toHaveLength(2);
  });

  it('concurrent writes to one month all land, and its rollups agree with the facts', async () => {
    const { lpus } = dataOf(await server.gql(`{ lpus: areas(level: LPU) { code } }`));
    const codes: string[] = lpus.map((a: { code: string }) => a.code);
    expect(codes).toHaveLength(12);
    const month = { month: '2013-08' };
    const before = await figures('SHOPLIFTING', ['LEICESTERSHIRE', 'CITY', 'COUNTIES'], month);
    const stored = await Promise.all(codes.map((code) => storedRecorded(201308, code, 'SHOPLIFTING')));
    const write = (values: (number | null)[]) =>
      Promise.all(
        codes.map((area, i) =>
          asSteward(SET_RECORDED, { month: '2013-08', area, category: 'SHOPLIFTING', recorded: values[i] }),
        ),
      );
    for (const response of await write(stored.map((v) => (v ?? 0) + 1))) dataOf(response);

    const after = await figures('SHOPLIFTING', ['LEICESTERSHIRE', 'CITY', 'COUNTIES'], month);
    expect(after.LEICESTERSHIRE.recorded - before.LEICESTERSHIRE.recorded).toBe(12);
    expect(after.CITY.recorded - before.CITY.recorded + after.COUNTIES.recorded - before.COUNTIES.recorded).toBe(12);
    // Every rollup row of the month is the sum of the facts below it.
    const [check] = await sql<{ wrong: number }>(`
      SELECT count(*)::int AS wrong FROM fact_rollup r
      LEFT JOIN LATERAL (
        SELECT coalesce(sum(f.recorded), 0)::int AS recorded FROM recorded_crime f
        JOIN area_closure ac ON ac.descendant_id = f.area_id AND ac.ancestor_id = r.area_id
        JOIN category_closure cc ON cc.descendant_id = f.category_id AND cc.ancestor_id = r.category_id
        WHERE f.month = r.month) s ON TRUE
      WHERE r.month = 201308 AND r.recorded <> s.recorded`);
    expect(check.wrong).toBe(0);

    for (const response of await write(stored)) dataOf(response);
    expect(await figures('SHOPLIFTING', ['LEICESTERSHIRE', 'CITY', 'COUNTIES'], month)).toEqual(before);
  });

  it('rejects bad facts like the import does, naming the field; unknown codes are NOT_FOUND', async () => {
    const fingerprint = await storeFingerprint();
    const write = (vars: Record<string, unknown>) =>
      asSteward(SET_RECORDED, { month: '2013-10', area: 'BLABY', category: 'DOMESTIC_BURGLARY', recorded: 1, ...vars });

    expect(errorOf(await write({ recorded: -5 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'recorded',
      message: 'recorded is negative (-5): counts must be 0 or more.',
    });
    const month = errorOf(await write({ month: '2013-13' }));
    expect(month).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    expect(month.message).toBe('Month "2013-13" is not a valid month: use YYYY-MM, e.g. 2013-11.');
    const area = errorOf(await write({ area: 'NOWHERE' }));
    expect(area).toMatchObject({ code: 'NOT_FOUND', field: 'area' });
    expect(area.message).toContain('"NOWHERE"');
    expect(errorOf(await write({ category: 'PIRACY' }))).toMatchObject({ code: 'NOT_FOUND', field: 'category' });
    // Leaving the count out is a mistake, not a removal.
    const omitted = errorOf(
      await asSteward(
        `mutation { setRecordedCrime(month: "2013-10", area: "BLABY", category: "DOMESTIC_BURGLARY") { recorded } }`,
      ),
    );
    expect(omitted).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recorded' });
    expect(omitted.message).toContain('null to remove');
    const investigation = errorOf(
      await asSteward(
        `mutation { setInvestigation(asOf: "Nov 2013", area: "BLABY", category: "DOMESTIC_BURGLARY", ` +
          `count: 3) { count } }`,
      ),
    );
    expect(investigation).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });

    expect(await storeFingerprint()).toEqual(fingerprint);
  });
});

describe('plans and objectives', () => {
  const OBJECTIVE = `mutation($input: ObjectiveInput!) {
    upsertObjective(input: $input) { id measure target harm survey description category { code } area { code }
      plan { code } }
  }`;
  const burglaryTarget = (target: number) => ({
    plan: 'LEICESTERSHIRE-2013-14',
    area: 'LEICESTERSHIRE',
    measure: 'RECORDED_CRIME',
    category: 'DOMESTIC_BURGLARY',
    target,
    harm: 'HIGH',
  });

  it(`a 15% domestic burglary reduction target moves gapToTarget by 2% of last year's count, \
everywhere it cascades`, async () => {
    const areas = ['LEICESTERSHIRE', 'CITY', 'COUNTIES', 'BLABY'];
    const before = await figures('DOMESTIC_BURGLARY', areas);
    expect(before.LEICESTERSHIRE.targetReduction).toBe(13);
    const objectivesBefore = (await sql(`SELECT id FROM objective`)).length;

    const { upsertObjective } = dataOf(await asSteward(OBJECTIVE, { input: burglaryTarget(15) }));
    expect(upsertObjective).toMatchObject({
      measure: 'RECORDED_CRIME',
      target: 15,
      harm: 'HIGH',
      survey: null,
      description: '15% reduction in Domestic burglary',
      category: { code: 'DOMESTIC_BURGLARY' },
      area: { code: 'LEICESTERSHIRE' },
      plan: { code: 'LEICESTERSHIRE-2013-14' },
    });
    // The same objective, updated: not a second one.
    expect((await sql(`SELECT id FROM objective`)).length).toBe(objectivesBefore);

    const after = await figures('DOMESTIC_BURGLARY', areas);
    for (const area of areas) {
      const { recorded, previousRecorded } = before[area];
      expect(after[area].targetReduction).toBe(15);
      expect(after[area].targetLevel).toBeCloseTo(previousRecorded * 0.85, 9);
      expect(after[area].gapToTarget).toBeCloseTo(recorded - previousRecorded * 0.85, 9);
      expect(after[area].gapToTarget! - before[area].gapToTarget!).toBeCloseTo(previousRecorded * 0.02, 9);
    }
    expect(
      await auditEntries('UPSERT_OBJECTIVE', 'LEICESTERSHIRE-2013-14/LEICESTERSHIRE/RECORDED_CRIME/DOMESTIC_BURGLARY'),
    ).toEqual([
      expect.objectContaining({
        actor: STEWARD,
        role: 'STEWARD',
        rows: 1,
        details: expect.objectContaining({
          id: upsertObjective.id,
          created: false,
          target: 15,
          before: { target: 13, harm: 'HIGH' },
        }),
      }),
    ]);

    dataOf(await asSteward(OBJECTIVE, { input: burglaryTarget(13) }));
    expect(await figures('DOMESTIC_BURGLARY', areas)).toEqual(before);
  });

  it('upsertPlan, an objective of the new plan, deleteObjective', async () => {
    const plan = dataOf(
      await asSteward(
        `mutation { upsertPlan(code: "LEICESTERSHIRE-2014-15", name: "Police and Crime Plan 2014-15", ` +
          `financialYear: "2014/15") { code name financialYear } }`,
      ),
    );
    expect(plan.upsertPlan).toEqual({
      code: 'LEICESTERSHIRE-2014-15',
      name: 'Police and Crime Plan 2014-15',
      financialYear: '2014-15',
    });
    const input = {
      plan: 'LEICESTERSHIRE-2014-15',
      area: 'CITY',
      measure: 'SATISFACTION',
      survey: 'VIOLENT',
      target: 84.5,
      harm: 'MEDIUM',
    };
    const { upsertObjective } = dataOf(await asSteward(OBJECTIVE, { input }));
    expect(upsertObjective).toMatchObject({
      measure: 'SATISFACTION',
      survey: 'VIOLENT',
      target: 84.5,
      category: null,
      area: { code: 'CITY' },
    });
    const listed = dataOf(await server.gql(`{ plan(code: "LEICESTERSHIRE-2014-15") { objectives { id target } } }`));
    expect(listed.plan.objectives).toEqual([{ id: upsertObjective.id, target: 84.5 }]);

    const deleted = dataOf(
      await asSteward(`mutation($id: Int!) { deleteObjective(id: $id) { id target survey } }`, {
        id: upsertObjective.id,
      }),
    );
    expect(deleted.deleteObjective).toEqual({ id: upsertObjective.id, target: 84.5, survey: 'VIOLENT' });
    expect(
      dataOf(await server.gql(`{ plan(code: "LEICESTERSHIRE-2014-15") { objectives { id } } }`)).plan.objectives,
    ).toEqual([]);
    const again = errorOf(
      await asSteward(`mutation($id: Int!) { deleteObjective(id: $id) { id } }`, { id: upsertObjective.id }),
    );
    expect(again).toMatchObject({ code: 'NOT_FOUND', field: 'id' });

    expect(await auditEntries('UPSERT_PLAN', 'LEICESTERSHIRE-2014-15')).toEqual([
      expect.objectContaining({
        actor: STEWARD,
        rows: 1,
        details: expect.objectContaining({ created: true, financialYear: '2014-15' }),
      }),
    ]);
    expect(await auditEntries('DELETE_OBJECTIVE', 'LEICESTERSHIRE-2014-15/CITY/SATISFACTION/VIOLENT')).toHaveLength(1);
  });

  it('rejects objectives and plans the import would reject, with the same reasons', async () => {
    const fingerprint = await storeFingerprint();
    const target = errorOf(await asSteward(OBJECTIVE, { input: burglaryTarget(150) }));
    expect(target).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'target',
      message: 'target 150 is not a reduction in percent (e.g. 13 for a 13% reduction).',
    });
    const mixed = errorOf(
      await asSteward(OBJECTIVE, { input: { ...burglaryTarget(90), measure: 'SATISFACTION', survey: 'ALL_USERS' } }),
    );
    expect(mixed).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'category',
      message: 'a SATISFACTION objective takes a survey, not a category.',
    });
    const noSurvey = errorOf(
      await asSteward(OBJECTIVE, { input: { ...burglaryTarget(90), measure: 'SATISFACTION', category: null } }),
    );
    expect(noSurvey).toMatchObject({ code: 'BAD_USER_INPUT', field: 'survey' });
    expect(
      errorOf(await asSteward(OBJECTIVE, { input: { ...burglaryTarget(10), plan: 'NO-SUCH-PLAN' } })),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'plan' });
    expect(errorOf(await asSteward(OBJECTIVE, { input: { ...burglaryTarget(10), category: 'PIRACY' } }))).toMatchObject(
      {
        code: 'NOT_FOUND',
        field: 'category',
      },
    );
    const year = errorOf(
      await asSteward(`mutation { upsertPlan(code: "P-2014-16", name: "Plan", financialYear: "2014-16") { code } }`),
    );
    expect(year).toMatchObject({ code: 'BAD_USER_INPUT', field: 'financialYear' });
    expect(year.message).toContain('e.g. 2013-14');
    const code = errorOf(
      await asSteward(`mutation { upsertPlan(code: "plan 2014", name: "Plan", financialYear: "2014-15") { code } }`),
    );
    expect(code).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(await storeFingerprint()).toEqual(fingerprint);
  });
});

describe('areas', () => {
  const MOVE =
    `mutation($code: String!, $parent: String) { moveArea(code: $code, ` +
    `parentCode: $parent) { code parent { code } ancestors { code } } }`;

  it('moving an LPU to the other BCU moves its counts between the BCUs; the force total stays', async () => {
    const areas = ['BLABY', 'CITY', 'COUNTIES', 'LEICESTERSHIRE'];
    const before = await figures('ALL_CRIME', areas);
    const beforeBurglary = await figures('DOMESTIC_BURGLARY', areas);

    const moved = dataOf(await asSteward(MOVE, { code: 'BLABY', parent: 'CITY' }));
    expect(moved.moveArea).toEqual({
      code: 'BLABY',
      parent: { code: 'CITY' },
      ancestors: [{ code: 'CITY' }, { code: 'LEICESTERSHIRE' }],
    });
    for (const [category, was] of [
      ['ALL_CRIME', before],
      ['DOMESTIC_BURGLARY', beforeBurglary],
    ] as const) {
      const after = await figures(category, areas);
      const blaby = was.BLABY;
      expect(after.BLABY.recorded).toBe(blaby.recorded);
      expect(after.CITY.recorded).toBe(was.CITY.recorded + blaby.recorded);
      expect(after.COUNTIES.recorded).toBe(was.COUNTIES.recorded - blaby.recorded);
      expect(after.CITY.previousRecorded).toBe(was.CITY.previousRecorded + blaby.previousRecorded);
      expect(after.COUNTIES.previousRecorded).toBe(was.COUNTIES.previousRecorded - blaby.previousRecorded);
      expect(after.CITY.outcomes + after.COUNTIES.outcomes).toBe(was.CITY.outcomes + was.COUNTIES.outcomes);
      expect(after.LEICESTERSHIRE).toEqual(was.LEICESTERSHIRE);
    }
    const children = dataOf(await server.gql(`{ city: area(code: "CITY") { children { code } } }`));
    expect(children.city.children.map((c: { code: string }) => c.code)).toContain('BLABY');
    expect(await auditEntries('MOVE_AREA', 'BLABY')).toEqual([
      expect.objectContaining({ actor: STEWARD, role: 'STEWARD', rows: 1, details: { from: 'COUNTIES', to: 'CITY' } }),
    ]);

    dataOf(await asSteward(MOVE, { code: 'BLABY', parent: 'COUNTIES' }));
    expect(await figures('ALL_CRIME', areas)).toEqual(before);
    expect(await figures('DOMESTIC_BURGLARY', areas)).toEqual(beforeBurglary);
  });

  it('each mutation of a document is its own write, and later fields read what earlier ones wrote', async () => {
    const both = dataOf(
      await asSteward(`mutation {
        there: moveArea(code: "BLABY", parentCode: "CITY") { ancestors { code } }
        back: moveArea(code: "BLABY", parentCode: "COUNTIES") { ancestors { code } parent { children { code } } }
      }`),
    );
    expect(both.there.ancestors).toEqual([{ code: 'CITY' }, { code: 'LEICESTERSHIRE' }]);
    expect(both.back.ancestors).toEqual([{ code: 'COUNTIES' }, { code: 'LEICESTERSHIRE' }]);
    expect(both.back.parent.children).toContainEqual({ code: 'BLABY' });
    expect((await auditEntries('MOVE_AREA', 'BLABY')).slice(-2).map((e) => e.details)).toEqual([
      { from: 'COUNTIES', to: 'CITY' },
      { from: 'CITY', to: 'COUNTIES' },
    ]);
  });

  it('a move into its own subtree is BAD_USER_INPUT and leaves the store unchanged', async () => {
    const fingerprint = await storeFingerprint();
    const loop = errorOf(await asSteward(MOVE, { code: 'LEICESTERSHIRE', parent: 'BLABY' }));
    expect(loop).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentCode' });
    expect(loop.message).toContain('would be its own ancestor');
    expect(loop.message).toContain('BLABY is LEICESTERSHIRE itself or lies below it');
    const self = errorOf(await asSteward(MOVE, { code: 'CITY', parent: 'CITY' }));
    expect(self).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentCode' });
    expect(self.message).toContain('cannot be its own parent');
    expect(errorOf(await asSteward(MOVE, { code: 'CITY', parent: 'ATLANTIS' }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'parentCode',
    });
    expect(errorOf(await asSteward(MOVE, { code: 'ATLANTIS', parent: 'CITY' }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'code',
    });
    // Leaving the parent out is a mistake, not a move to the top.
    const omitted = errorOf(await asSteward(`mutation { moveArea(code: "BLABY") { code } }`));
    expect(omitted).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentCode' });
    expect(omitted.message).toContain('null to make the area a root');
    expect(await storeFingerprint()).toEqual(fingerprint);
  });

  it(`a write that fails after its partial steps (tree moved, \
closure and every rollup rebuilt) leaves nothing written`, async () => {
    const areas = ['HARBOROUGH', 'CITY', 'COUNTIES', 'LEICESTERSHIRE'];
    const before = await figures('ALL_CRIME', areas);
    const fingerprint = await storeFingerprint();
    // The audit entry is the last statement of every write; make it fail for this one move.
    await server.db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action = 'MOVE_AREA' AND NEW.target = 'HARBOROUGH' THEN RAISE EXCEPTION 'audit log unavailable'; END IF;
        RETURN NEW;
      END $$`);
    await server.db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit()`,
    );
    const silenced = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const failed = errorOf(await asSteward(MOVE, { code: 'HARBOROUGH', parent: 'CITY' }));
      expect(failed.code).toBe('INTERNAL_SERVER_ERROR');
      expect(failed.message).not.toContain('audit log unavailable');
    } finally {
      silenced.mockRestore();
      await server.db.prisma.$executeRawUnsafe(`DROP TRIGGER fail_audit ON audit_log`);
      await server.db.prisma.$executeRawUnsafe(`DROP FUNCTION fail_audit()`);
    }
    expect(await storeFingerprint()).toEqual(fingerprint);
    expect(await figures('ALL_CRIME', areas)).toEqual(before);
    expect(dataOf(await server.gql(`{ area(code: "HARBOROUGH") { parent { code } } }`)).area.parent.code).toBe(
      'COUNTIES',
    );
  });

  it('upsertArea creates and updates an area; deleteArea removes it only when nothing refers to it', async () => {
    const UPSERT =
      `mutation($input: AreaInput!) { upsertArea(input: $input) { code name level parent { code } ` +
      `populations { year population } } }`;
    const created = dataOf(
      await asSteward(UPSERT, {
        input: {
          code: 'MELTON',
          name: 'Melton',
          level: 'LPU',
          parentCode: 'COUNTIES',
          population: 50_970,
          populationYear: 2013,
        },
      }),
    );
    expect(created.upsertArea).toEqual({
      code: 'MELTON',
      name: 'Melton',
      level: 'LPU',
      parent: { code: 'COUNTIES' },
      populations: [{ year: 2013, population: 50_970 }],
    });
    // Omitting parentCode keeps the parent; a second year's population is added.
    const renamed = dataOf(
      await asSteward(UPSERT, {
        input: { code: 'MELTON', name: 'Melton Mowbray', level: 'LPU', population: 51_100, populationYear: 2014 },
      }),
    );
    expect(renamed.upsertArea).toMatchObject({ name: 'Melton Mowbray', parent: { code: 'COUNTIES' } });
    expect(renamed.upsertArea.populations).toHaveLength(2);
    const ancestors = dataOf(await server.gql(`{ area(code: "MELTON") { ancestors { code } } }`));
    expect(ancestors.area.ancestors).toEqual([{ code: 'COUNTIES' }, { code: 'LEICESTERSHIRE' }]);

    // Its facts count in COUNTIES and the force at once.
    const before = await figures('SHOPLIFTING', ['COUNTIES', 'LEICESTERSHIRE']);
    dataOf(await asSteward(SET_RECORDED, { month: '2013-06', area: 'MELTON', category: 'SHOPLIFTING', recorded: 12 }));
    const after = await figures('SHOPLIFTING', ['COUNTIES', 'LEICESTERSHIRE', 'MELTON']);
    expect(after.MELTON.recorded).toBe(12);
    expect(after.COUNTIES.recorded - before.COUNTIES.recorded).toBe(12);
    expect(after.LEICESTERSHIRE.recorded - before.LEICESTERSHIRE.recorded).toBe(12);

    const referenced = errorOf(await asSteward(`mutation { deleteArea(code: "MELTON") { code } }`));
    expect(referenced).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(referenced.message).toContain('1 recorded crime row');
    const parent = errorOf(await asSteward(`mutation { deleteArea(code: "LEICESTERSHIRE") { code } }`));
    expect(parent.message).toContain('2 child areas (CITY, COUNTIES)');
    expect(parent.message).toMatch(/\d+ plan objectives/);
    expect(parent.extensions.references).toMatchObject({ children: 2 });

    dataOf(
      await asSteward(SET_RECORDED, { month: '2013-06', area: 'MELTON', category: 'SHOPLIFTING', recorded: null }),
    );
    // A peer group membership does not hold an area back: it goes with the area.
    dataOf(
      await asSteward(
        `mutation { upsertPeerGroup(code: "SMALL_LPUS", name: "Small LPUs", memberCodes: ["MELTON", ` +
          `"BLABY"]) { code } }`,
      ),
    );
    const deleted = dataOf(await asSteward(`mutation { deleteArea(code: "MELTON") { code name level } }`));
    expect(deleted.deleteArea).toEqual({ code: 'MELTON', name: 'Melton Mowbray', level: 'LPU' });
    const group = dataOf(await server.gql(`{ peerGroup(code: "SMALL_LPUS") { members { code } } }`));
    expect(group.peerGroup.members).toEqual([{ code: 'BLABY' }]);
    const [deletion] = await auditEntries('DELETE_AREA', 'MELTON');
    expect(deletion.details).toEqual({
      name: 'Melton Mowbray',
      level: 'LPU',
      parentCode: 'COUNTIES',
      peerGroups: ['SMALL_LPUS'],
    });
    expect(errorOf(await server.gql(`{ area(code: "MELTON") { code } }`)).code).toBe('NOT_FOUND');
    expect(
      await sql(`SELECT 1 FROM area_closure c JOIN area a ON a.id = c.descendant_id WHERE a.code = 'MELTON'`),
    ).toEqual([]);
    expect(await figures('SHOPLIFTING', ['COUNTIES', 'LEICESTERSHIRE'])).toEqual(before);

    const audit = await sql<{ action: string; target: string; rows: number; actor: string }>(
      `SELECT action, target, rows, actor FROM audit_log WHERE (target = 'MELTON' OR target LIKE ` +
        `'%/MELTON/%') ORDER BY id`,
    );
    expect(audit.map((e) => e.action)).toEqual([
      'UPSERT_AREA',
      'UPSERT_AREA',
      'SET_RECORDED_CRIME',
      'DELETE_RECORDED_CRIME',
      'DELETE_AREA',
    ]);
    expect(audit.every((e) => e.actor === STEWARD && e.rows === 1)).toBe(true);
  });

  it('rejects areas the import would reject, naming the field', async () => {
    const fingerprint = await storeFingerprint();
    const UPSERT = `mutation($input: AreaInput!) { upsertArea(input: $input) { code } }`;
    const area = (input: Record<string, unknown>) =>
      asSteward(UPSERT, { input: { code: 'MELTON', name: 'Melton', level: 'LPU', parentCode: 'COUNTIES', ...input } });
    const code = errorOf(await area({ code: 'melton' }));
    expect(code).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(code.message).toContain('is not a valid code');
    expect(errorOf(await area({ population: 50_000 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'populationYear',
      message: 'population_year is required when a population is given.',
    });
    expect(errorOf(await area({ population: -1, populationYear: 2013 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'population',
    });
    expect(errorOf(await area({ name: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(errorOf(await area({ parentCode: 'ATLANTIS' }))).toMatchObject({ code: 'NOT_FOUND', field: 'parentCode' });
    expect(errorOf(await area({ code: 'LEICESTERSHIRE', level: 'FORCE', parentCode: 'BLABY' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'parentCode',
    });
    expect(await storeFingerprint()).toEqual(fingerprint);
  });
});

describe('categories and peer groups', () => {
  it('upsertCategory adds a category under a parent whose figures include it; setCategorySensitive', async () => {
    const UPSERT =
      `mutation($input: CategoryInput!) { upsertCategory(input: $input) { code name kind sensitive ` +
      `parent { code } ancestors { code } } }`;
    const created = dataOf(
      await asSteward(UPSERT, {
        input: {
          code: 'AGGRAVATED_BURGLARY',
          name: 'Aggravated burglary',
          parentCode: 'BURGLARY',
          kind: 'CRIME',
          sensitive: true,
        },
      }),
    );
    expect(created.upsertCategory).toEqual({
      code: 'AGGRAVATED_BURGLARY',
      name: 'Aggravated burglary',
      kind: 'CRIME',
      sensitive: true,
      parent: { code: 'BURGLARY' },
      ancestors: [{ code: 'BURGLARY' }, { code: 'ALL_CRIME' }],
    });
    const sensitive = async () =>
      (await sql<{ sensitive: boolean }>(`SELECT sensitive FROM crime_category WHERE code = 'AGGRAVATED_BURGLARY'`))[0]
        .sensitive;
    expect(await sensitive()).toBe(true);

    const before = await figures('BURGLARY', ['CITY', 'LEICESTERSHIRE']);
    dataOf(
      await asSteward(SET_RECORDED, {
        month: '2013-07',
        area: 'BELGRAVE',
        category: 'AGGRAVATED_BURGLARY',
        recorded: 3,
      }),
    );
    const after = await figures('BURGLARY', ['CITY', 'LEICESTERSHIRE']);
    expect(after.CITY.recorded - before.CITY.recorded).toBe(3);
    expect(after.LEICESTERSHIRE.recorded - before.LEICESTERSHIRE.recorded).toBe(3);

    // Updating without parentCode or sensitive keeps both.
    const renamed = dataOf(
      await asSteward(UPSERT, {
        input: { code: 'AGGRAVATED_BURGLARY', name: 'Aggravated burglary (all)', kind: 'CRIME' },
      }),
    );
    expect(renamed.upsertCategory).toMatchObject({
      name: 'Aggravated burglary (all)',
      sensitive: true,
      parent: { code: 'BURGLARY' },
    });
    expect(await sensitive()).toBe(true);

    const set = dataOf(
      await asSteward(
        `mutation { setCategorySensitive(code: "AGGRAVATED_BURGLARY", sensitive: false) { code sensitive } }`,
      ),
    );
    expect(set.setCategorySensitive).toEqual({ code: 'AGGRAVATED_BURGLARY', sensitive: false });
    expect(await sensitive()).toBe(false);
    expect(await auditEntries('SET_CATEGORY_SENSITIVE', 'AGGRAVATED_BURGLARY')).toEqual([
      expect.objectContaining({ actor: STEWARD, rows: 1, details: { from: true, to: false } }),
    ]);

    const loop = errorOf(
      await asSteward(UPSERT, {
        input: { code: 'BURGLARY', name: 'Burglary', parentCode: 'AGGRAVATED_BURGLARY', kind: 'CRIME' },
      }),
    );
    expect(loop).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentCode' });
    expect(
      errorOf(await asSteward(`mutation { setCategorySensitive(code: "PIRACY", sensitive: true) { code } }`)),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'code',
    });

    dataOf(
      await asSteward(SET_RECORDED, {
        month: '2013-07',
        area: 'BELGRAVE',
        category: 'AGGRAVATED_BURGLARY',
        recorded: null,
      }),
    );
    expect(await figures('BURGLARY', ['CITY', 'LEICESTERSHIRE'])).toEqual(before);
    expect((await auditEntries('UPSERT_CATEGORY', 'AGGRAVATED_BURGLARY')).map((e) => e.details.created)).toEqual([
      true,
      false,
    ]);
  });

  it('upsertPeerGroup creates a group and replaces its membership; renamePeerGroup', async () => {
    const UPSERT = `mutation($code: String!, $name: String!, $members: [String!]!) {
      upsertPeerGroup(code: $code, name: $name, memberCodes: $members) { code name members { code } }
    }`;
    const created = dataOf(
      await asSteward(UPSERT, {
        code: 'EAST_MIDLANDS',
        name: 'East Midlands',
        members: ['DERBYSHIRE', 'NOTTINGHAMSHIRE'],
      }),
    );
    expect(created.upsertPeerGroup).toEqual({
      code: 'EAST_MIDLANDS',
      name: 'East Midlands',
      members: [{ code: 'DERBYSHIRE' }, { code: 'NOTTINGHAMSHIRE' }],
    });
    const replaced = dataOf(
      await asSteward(UPSERT, { code: 'EAST_MIDLANDS', name: 'East Midlands forces', members: ['NOTTINGHAMSHIRE'] }),
    );
    expect(replaced.upsertPeerGroup).toEqual({
      code: 'EAST_MIDLANDS',
      name: 'East Midlands forces',
      members: [{ code: 'NOTTINGHAMSHIRE' }],
    });
    const renamed = dataOf(
      await asSteward(`mutation { renamePeerGroup(code: "EAST_MIDLANDS", name: "EM") { code name members { code } } }`),
    );
    expect(renamed.renamePeerGroup).toEqual({
      code: 'EAST_MIDLANDS',
      name: 'EM',
      members: [{ code: 'NOTTINGHAMSHIRE' }],
    });

    const fingerprint = await storeFingerprint();
    const unknown = errorOf(
      await asSteward(UPSERT, { code: 'EAST_MIDLANDS', name: 'EM', members: ['DERBYSHIRE', 'ATLANTIS'] }),
    );
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', field: 'memberCodes' });
    expect(unknown.message).toContain('"ATLANTIS"');
    expect(
      errorOf(await asSteward(UPSERT, { code: 'EAST_MIDLANDS', name: 'EM', members: ['DERBYSHIRE', 'DERBYSHIRE'] })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'memberCodes',
    });
    expect(errorOf(await asSteward(UPSERT, { code: 'east midlands', name: 'EM', members: [] }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'code',
    });
    expect(errorOf(await asSteward(`mutation { renamePeerGroup(code: "NOPE", name: "x") { code } }`))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'code',
    });
    expect(await storeFingerprint()).toEqual(fingerprint);

    expect(await auditEntries('UPSERT_PEER_GROUP', 'EAST_MIDLANDS')).toEqual([
      expect.objectContaining({
        actor: STEWARD,
        rows: 1,
        details: expect.objectContaining({ created: true, members: ['DERBYSHIRE', 'NOTTINGHAMSHIRE'] }),
      }),
      expect.objectContaining({
        details: expect.objectContaining({
          created: false,
          members: ['NOTTINGHAMSHIRE'],
          before: { name: 'East Midlands', members: ['DERBYSHIRE', 'NOTTINGHAMSHIRE'] },
        }),
      }),
    ]);
    expect(await auditEntries('RENAME_PEER_GROUP', 'EAST_MIDLANDS')).toEqual([
      expect.objectContaining({ details: { from: 'East Midlands forces', to: 'EM' } }),
    ]);
  });
});

describe('who may write', () => {
  it('anonymous callers and non-steward keys cannot write, and nothing is written', async () => {
    const fingerprint = await storeFingerprint();
    const mutation =
      `mutation { setRecordedCrime(month: "2013-10", area: "BLABY", category: "DOMESTIC_BURGLARY", ` +
      `recorded: 1) { recorded } }`;
    for (const headers of [undefined, analyst]) {
      const response = await server.gql(mutation, undefined, headers);
      expect(response.data?.setRecordedCrime ?? null).toBeNull();
      expect(errorOf(response).code).toBe(headers ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    expect(await storeFingerprint()).toEqual(fingerprint);
  });

  it('an ADMIN key can do everything a steward can', async () => {
    const stored = await storedRecorded(201310, 'BLABY', 'DOMESTIC_BURGLARY');
    const response = await server.gql(
      SET_RECORDED,
      { month: '2013-10', area: 'BLABY', category: 'DOMESTIC_BURGLARY', recorded: stored },
      admin,
    );
    expect(dataOf(response).setRecordedCrime).toMatchObject({ recorded: stored, previous: stored });
    const entries = await auditEntries('SET_RECORDED_CRIME', '2013-10/BLABY/DOMESTIC_BURGLARY');
    expect(entries[entries.length - 1]).toMatchObject({ actor: 'write-api-admin', role: 'ADMIN', rows: 1 });
  });
});
