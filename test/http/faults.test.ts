/**
 * Database faults, for real (PostgreSQL only): the server reaches PostgreSQL through a TCP
 * proxy in this test, which is cut (every connection destroyed, the port closed) under load and
 * restored on the same port. During the outage every request gets SERVICE_UNAVAILABLE with HTTP
 * 503 and /ready fails; afterwards the server answers again by itself, with the same figures.
 * Then the statement timeout: a statement waiting on a lock held by another session is cancelled
 * by PostgreSQL after STATEMENT_TIMEOUT_MS and the client gets STATEMENT_TIMEOUT.
 */
import { Client } from 'pg';
import { createApiKey } from '../../src/auth/api-keys';
import { rawSql } from '../../src/db/database';
import { databaseFault } from '../../src/db/faults';
import { dataOf, onPostgres } from '../support/harness';
import {
  metricValue,
  scratchPostgres,
  startOpsServer,
  tcpProxy,
  viaPort,
  type OpsServer,
  type TcpProxy,
} from '../support/ops';

if (!onPostgres) {
  console.warn(
    'faults.test.ts: SKIPPED on PGlite: database outages and statement timeouts are PostgreSQL behaviours ' +
      '(run with DATABASE_URL set).',
  );
}
const describePg = onPostgres ? describe : describe.skip;

const PERIOD = `period: { financialYear: "2013-14", asOf: "2013-11" }`;
const DOCUMENTS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'force',
    query:
      `query Force { performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", ` +
      `${PERIOD}) { recorded outcomes } }`,
  },
  {
    name: 'city',
    query:
      `query City { performance(area: "CITY", category: "DOMESTIC_BURGLARY", ` +
      `${PERIOD}) { recorded previousRecorded } }`,
  },
  {
    name: 'satisfaction',
    query:
      `query Sat { satisfaction(area: "LEICESTERSHIRE", survey: ALL_USERS, ` +
      `asOf: "2013-11") { respondents rate } }`,
  },
  {
    name: 'scorecard',
    query:
      `query Card { scorecard(plan: "LEICESTERSHIRE-2013-14", area: "LEICESTERSHIRE", ` +
      `asOf: "2013-11") { actual target } }`,
  },
];

describePg('PostgreSQL unreachable, then back', () => {
  let proxy: TcpProxy;
  let server: OpsServer;
  let scratchUrl: string;
  let baseline: Record<string, unknown>;
  let freshKey: string;

  beforeAll(async () => {
    const scratch = await scratchPostgres();
    scratchUrl = scratch.url;
    proxy = await tcpProxy(Number(new URL(process.env.DATABASE_URL!).port || 5432));
    server = await startOpsServer({
      db: { databaseUrl: viaPort(scratch.url, proxy.port) },
      dispose: async () => {
        await proxy.close();
        await scratch.drop();
      },
    });
    baseline = {};
    for (const d of DOCUMENTS) baseline[d.name] = dataOf(await server.gql(d.query));
    // A key never used yet: its lookup needs the database even after the outage begins.
    ({ key: freshKey } = await createApiKey(
      server.db.primary,
      { name: 'faults-fresh', role: 'ANALYST' },
      { actor: 'cli', role: null },
    ));
  }, 120_000);
  afterAll(() => server?.close());

  const fire = (count: number, headers?: Record<string, string>) =>
    Promise.all(
      Array.from({ length: count }, (_, i) => DOCUMENTS[i % DOCUMENTS.length]).map(async (d) => ({
        d,
        r: await server.gql(d.query, d.variables, headers),
      })),
    );

  /** Every answer is either right (200, the baseline's data) or a clean 503 SERVICE_UNAVAILABLE. */
  function expectRightOrUnavailable(results: Awaited<ReturnType<typeof fire>>): { ok: number; unavailable: number } {
    let ok = 0;
    let unavailable = 0;
    for (const { d, r } of results) {
      if (r.status === 200) {
        expect(r.errors).toBeUndefined();
        expect(r.data).toEqual(baseline[d.name]);
        ok += 1;
      } else {
        expect(r.status).toBe(503);
        expect(r.headers.get('retry-after')).toBe('5');
        expect(r.errors!.length).toBeGreaterThan(0);
        for (const e of r.errors!) {
          expect(e.extensions!.code).toBe('SERVICE_UNAVAILABLE');
          expect(e.message).toMatch(/^The database is unavailable: .*Retry in a few seconds/);
        }
        unavailable += 1;
      }
    }
    return { ok, unavailable };
  }

  test('the cut under load, the outage, and the recovery without a restart', async () => {
    expect((await server.get('/ready')).status).toBe(200);
    const metricsBefore = await server.app.observability.metrics.text();

    // Requests in flight when the connection path is cut: each is answered right, or cleanly refused.
    const inFlight = fire(40);
    await new Promise((r) => setTimeout(r, 5));
    await proxy.cut();
    const during = expectRightOrUnavailable(await inFlight);
    expect(during.ok + during.unavailable).toBe(40);

    // While it is down: every request, anonymous or with a key to look up, is refused with 503.
    const outage = await fire(40);
    expect(expectRightOrUnavailable(outage)).toEqual({ ok: 0, unavailable: 40 });
    const keyed = await fire(4, { authorization: `Bearer ${freshKey}` });
    expect(expectRightOrUnavailable(keyed)).toEqual({ ok: 0, unavailable: 4 });
    expect(keyed[0].r.data).toBeUndefined(); // refused before GraphQL: the key could not be checked

    const ready = await server.get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.failed).toEqual(['database', 'migrations']);
    expect(ready.body.checks.database).toMatch(/^unreachable: /);
    expect((await server.get('/health')).status).toBe(200);

    const metricsDuring = await server.app.observability.metrics.text();
    const refused = during.unavailable + 44;
    expect(
      metricValue(metricsDuring, 'ppa_graphql_requests_total', { status: '503' }) -
        metricValue(metricsBefore, 'ppa_graphql_requests_total', { status: '503' }),
    ).toBe(refused);
    expect(
      metricValue(metricsDuring, 'ppa_graphql_errors_total', { code: 'SERVICE_UNAVAILABLE' }) -
        metricValue(metricsBefore, 'ppa_graphql_errors_total', { code: 'SERVICE_UNAVAILABLE' }),
    ).toBeGreaterThanOrEqual(refused);

    // Back on the same port: the pool opens new connections on its own.
    await proxy.restore();
    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i++) {
      recovered = (await server.gql(DOCUMENTS[0].query)).status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(true);
    expect(expectRightOrUnavailable(await fire(40))).toEqual({ ok: 40, unavailable: 0 });
    expect(expectRightOrUnavailable(await fire(4, { authorization: `Bearer ${freshKey}` }))).toEqual({
      ok: 4,
      unavailable: 0,
    });
    expect((await server.get('/ready')).status).toBe(200);
  }, 60_000);

  describe('statement timeout', () => {
    let timed: OpsServer;
    beforeAll(async () => {
      timed = await startOpsServer({
        db: { databaseUrl: scratchUrl, statementTimeoutMs: 300 },
        config: { limits: { statementTimeoutMs: 300 } },
      });
    });
    afterAll(() => timed?.close());

    test(`every pooled connection has STATEMENT_TIMEOUT_MS as its statement_timeout; \
pg_sleep past it is cancelled (57014)`, async () => {
      const [[setting]] = await rawSql(timed.db.primary).query(null, 'SHOW statement_timeout');
      expect(setting).toBe('300ms');
      const started = Date.now();
      const error = await rawSql(timed.db.primary)
        .query(null, 'SELECT pg_sleep(2)')
        .catch((e) => e);
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(databaseFault(error)).toBe('STATEMENT_TIMEOUT');
    });

    test(`a query stuck behind a lock for longer gets STATEMENT_TIMEOUT, with the limit in the message; \
it answers once the lock is gone`, async () => {
      const query = DOCUMENTS[0].query;
      expect(dataOf(await timed.gql(query))).toEqual(baseline.force);
      const locker = new Client({ connectionString: scratchUrl });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE fact_rollup, outcome_rollup IN ACCESS EXCLUSIVE MODE');
        const started = Date.now();
        const response = await timed.gql(query);
        expect(Date.now() - started).toBeGreaterThanOrEqual(300);
        expect(Date.now() - started).toBeLessThan(3_000);
        // One error per field the cancelled batch was to answer (recorded, outcomes).
        expect(response.status).toBe(200);
        expect(response.errors!.length).toBeGreaterThanOrEqual(1);
        for (const error of response.errors!) {
          expect(error.extensions).toEqual({ code: 'STATEMENT_TIMEOUT', timeoutMs: 300 });
          expect(error.message).toContain(
            'longer than the statement timeout (300 ms, STATEMENT_TIMEOUT_MS) and was cancelled',
          );
          expect(error.path![0]).toBe('performance');
        }
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
      expect(dataOf(await timed.gql(query))).toEqual(baseline.force);
    });
  });
});
