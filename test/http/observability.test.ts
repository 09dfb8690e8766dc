/**
 * Operations over HTTP: one JSON log line per request (captured from the server's log stream),
 * Prometheus metrics at /metrics counting what the requests did, /health, and /ready failing
 * with the name of what is wrong (a migration not applied, Redis unreachable, draining).
 */
import { PassThrough } from 'node:stream';
import { createApiKey } from '../../src/auth/api-keys';
import { startApp, type App } from '../../src/server/app';
import { buildAppSchema } from '../../src/schema';
import { readMigrationsList } from '../../src/db/migrate';
import { dataOf, onPostgres, testConfig } from '../support/harness';
import { metricValue, scratchPostgres, startOpsServer, tcpProxy, type OpsServer } from '../support/ops';
import { describeWithRedis, REDIS_URL } from '../support/redis';

const FIGURES = `query ForceFigures($area: String!) {
  performance(area: $area, category: "ALL_CRIME", period: { financialYear: "2013-14",
    asOf: "2013-11" }) { recorded outcomes }
}`;
const MIGRATIONS = readMigrationsList().migrationDirectories.map((d) => d.path);

/** Lines written to the log stream, parsed. */
class CapturedLog {
  readonly stream = new PassThrough();
  private text = '';
  constructor() {
    this.stream.on('data', (chunk) => (this.text += chunk.toString()));
  }
  get lines(): any[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }
  /** The line of a request id; the server writes it once the response has gone, so it is awaited briefly. */
  async lineOf(requestId: string): Promise<any> {
    for (let i = 0; i < 100; i++) {
      const line = this.lines.find((l) => l.requestId === requestId);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no log line for request ${requestId}; lines: ${this.text}`);
  }
}

const log = new CapturedLog();
let server: OpsServer;
let analystKey: string;

beforeAll(async () => {
  const scratch = onPostgres ? await scratchPostgres() : null;
  server = await startOpsServer({
    db: scratch ? { databaseUrl: scratch.url } : {},
    seed: !scratch,
    config: { logRequests: true, cache: { responseCache: true } },
    app: { logStream: log.stream },
    dispose: async () => scratch?.drop(),
  });
  ({ key: analystKey } = await createApiKey(
    server.db.primary,
    { name: 'obs-dashboard', role: 'ANALYST' },
    { actor: 'cli', role: null },
  ));
}, 120_000);
afterAll(() => server?.close());

describe('request logs', () => {
  test(`one JSON line per request: id, operation, key, role, status, duration, statements, cost, cache, \
error codes`, async () => {
    const response = await server.gql(
      FIGURES,
      { area: 'LEICESTERSHIRE' },
      { authorization: `Bearer ${analystKey}`, 'x-request-id': 'obs-log-1' },
    );
    const data = dataOf(response);
    expect(response.headers.get('x-request-id')).toBe('obs-log-1');
    const line = await log.lineOf('obs-log-1');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'obs-log-1',
      operationName: 'ForceFigures',
      operationType: 'query',
      apiKey: 'obs-dashboard',
      role: 'ANALYST',
      status: 200,
      sqlStatements: response.extensions!.sqlStatements,
      errorCodes: [],
    });
    expect(data.performance.recorded).toBeGreaterThan(0);
    expect(line.sqlStatements).toBeGreaterThan(0);
    const cost = response.extensions!.cost as { requestedQueryCost: number; actualQueryCost: number };
    expect(line.cost).toEqual({ requested: cost.requestedQueryCost, actual: cost.actualQueryCost });
    expect(line.cache).toBe((response.extensions!.cache as { status: string }).status);
    expect(line.durationMs).toBeGreaterThan(0);
    expect(line.durationMs).toBeLessThan(30_000);
    expect(new Date(line.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  test('errors are logged with their codes; anonymous callers have no key or role', async () => {
    const response = await server.gql(FIGURES, { area: 'NOWHERE' }, { 'x-request-id': 'obs-log-2' });
    expect(response.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(await log.lineOf('obs-log-2')).toMatchObject({
      level: 'warn',
      status: 200,
      apiKey: null,
      role: null,
      errorCodes: ['NOT_FOUND'],
    });
  });

  test('a request refused before GraphQL (an unknown key) is logged too, with its status and code', async () => {
    const response = await server.gql(
      FIGURES,
      { area: 'CITY' },
      { authorization: 'Bearer ppa_notakey', 'x-request-id': 'obs-log-3' },
    );
    expect(response.status).toBe(401);
    expect(await log.lineOf('obs-log-3')).toMatchObject({
      status: 401,
      operationType: null,
      sqlStatements: 0,
      errorCodes: ['UNAUTHENTICATED'],
    });
  });

  test('LOG_REQUESTS=off (logRequests: false) writes nothing', async () => {
    const quiet = await startApp(server.db, await buildAppSchema(), {
      port: 0,
      config: testConfig({ logRequests: false }),
      logStream: log.stream,
    });
    try {
      const before = log.lines.length;
      const res = await fetch(`${quiet.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'obs-quiet' },
        body: JSON.stringify({ query: FIGURES, variables: { area: 'CITY' } }),
      });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      expect(log.lines.length).toBe(before);
    } finally {
      await quiet.close();
    }
  });
});

describe('metrics at /metrics', () => {
  test('requests by operation type and status, latency, errors by code, cache, SQL statements', async () => {
    const before = (await server.get('/metrics')).text;
    // Three identical anonymous queries (a miss, then two hits), one NOT_FOUND, one mutation refused by role.
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await server.gql(FIGURES, { area: 'COUNTIES' }));
    responses.push(await server.gql(FIGURES, { area: 'ATLANTIS' }));
    responses.push(await server.gql(`mutation Rename { renamePeerGroup(code: "X", name: "Y") { code } }`));
    const after = await server.get('/metrics');
    expect(after.status).toBe(200);
    expect(after.headers.get('content-type')).toContain('text/plain');
    const delta = (name: string, labels: Record<string, string> = {}) =>
      metricValue(after.text, name, labels) - metricValue(before, name, labels);

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(delta('ppa_graphql_requests_total', { operation_type: 'query', status: '200' })).toBe(4);
    expect(delta('ppa_graphql_requests_total', { operation_type: 'mutation', status: '200' })).toBe(1);
    expect(delta('ppa_graphql_request_duration_seconds_count', { operation_type: 'query' })).toBe(4);
    expect(delta('ppa_graphql_request_duration_seconds_sum', { operation_type: 'query' })).toBeGreaterThan(0);
    expect(delta('ppa_graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    const mutationCode = responses[4].errors![0].extensions!.code as string;
    expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(mutationCode);
    expect(delta('ppa_graphql_errors_total', { code: mutationCode })).toBe(1);

    const statuses = responses.map((r) => (r.extensions?.cache as { status?: string } | undefined)?.status);
    expect(statuses.slice(0, 3)).toEqual(['MISS', 'HIT', 'HIT']);
    expect(delta('ppa_response_cache_requests_total', { result: 'hit' })).toBe(2);
    expect(delta('ppa_response_cache_requests_total', { result: 'miss' })).toBe(
      statuses.filter((s) => s === 'MISS').length,
    );

    const statements = responses.reduce((n, r) => n + (r.extensions?.sqlStatements ?? 0), 0);
    expect(statements).toBeGreaterThan(0);
    expect(delta('ppa_sql_statements_total')).toBe(statements);
    expect(delta('ppa_sql_statements_per_request_count')).toBe(5);
    expect(delta('ppa_sql_statements_per_request_sum')).toBe(statements);
    expect(metricValue(after.text, 'process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
  });

  (onPostgres ? test : test.skip)('the connection pool: total, idle and waiting connections (PostgreSQL)', async () => {
    await server.gql(FIGURES, { area: 'CITY' });
    const text = (await server.get('/metrics')).text;
    const [stats] = server.db.poolStats();
    expect(stats.name).toBe('primary');
    expect(metricValue(text, 'ppa_db_pool_connections', { pool: 'primary', state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'ppa_db_pool_connections', { pool: 'primary', state: 'total' })).toBeLessThanOrEqual(10);
    expect(metricValue(text, 'ppa_db_pool_connections', { pool: 'primary', state: 'waiting' })).toBe(0);
  });

  test('requests refused by the rate limit', async () => {
    const limited = await startApp(server.db, await buildAppSchema(), {
      port: 0,
      config: testConfig({ rateLimit: { enabled: true, anonymousCostPerMinute: 1 } }),
    });
    try {
      const statuses: number[] = [];
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${limited.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: FIGURES, variables: { area: 'CITY' } }),
        });
        statuses.push(res.status);
        const body = (await res.json()) as { errors?: { extensions: { code: string } }[] };
        codes.push(...(body.errors ?? []).map((e) => e.extensions.code));
      }
      const refused = codes.filter((c) => c === 'RATE_LIMITED').length;
      expect(refused).toBeGreaterThanOrEqual(2);
      const text = await limited.observability.metrics.text();
      expect(metricValue(text, 'ppa_rate_limited_total')).toBe(refused);
      expect(metricValue(text, 'ppa_graphql_errors_total', { code: 'RATE_LIMITED' })).toBe(refused);
      expect(metricValue(text, 'ppa_graphql_requests_total', { status: '429' })).toBe(
        statuses.filter((s) => s === 429).length,
      );
    } finally {
      await limited.close();
    }
  });
});

describe('health and readiness', () => {
  test('/health: the process is up', async () => {
    const health = await server.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', store: onPostgres ? 'postgres' : 'pglite' });
  });

  test('/ready: the database answers with every migration applied, and the shared store answers', async () => {
    const ready = await server.get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      failed: [],
      checks: {
        database: 'ok',
        migrations: `ok (${MIGRATIONS.length} applied)`,
        sharedStore: process.env.REDIS_URL ? 'ok (redis)' : 'ok (memory: this instance only)',
      },
    });
  });

  test('/ready fails naming a migration that is not applied, and recovers once it is', async () => {
    const last = MIGRATIONS[MIGRATIONS.length - 1];
    await server.db.primary.$executeRawUnsafe(
      `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`,
      last,
    );
    try {
      const ready = await server.get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.failed).toEqual(['migrations']);
      expect(ready.body.checks.migrations).toContain(`not applied: ${last}`);
    } finally {
      await server.db.primary.$executeRawUnsafe(
        `UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1`,
        last,
      );
    }
    expect((await server.get('/ready')).status).toBe(200);
  });

  test('/ready fails while the server drains, though it still answers during the drain delay', async () => {
    const app: App = await startApp(server.db, await buildAppSchema(), {
      port: 0,
      config: testConfig(),
      drainDelayMs: 500,
    });
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
    const closed = app.close();
    const ready = await fetch(`${app.url}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { failed: string[] }).failed).toEqual(['draining']);
    const still = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: FIGURES, variables: { area: 'LEICESTERSHIRE' } }),
    });
    expect(still.status).toBe(200);
    await closed;
    await expect(fetch(`${app.url}/health`)).rejects.toThrow();
  });
});

describeWithRedis('readiness with Redis')('readiness with Redis', () => {
  test('/ready fails naming the shared store while Redis is unreachable, and recovers by itself', async () => {
    const redisPort = Number(new URL(REDIS_URL).port || 6379);
    const proxy = await tcpProxy(redisPort);
    const url = new URL(REDIS_URL);
    url.host = `127.0.0.1:${proxy.port}`;
    const app = await startApp(server.db, await buildAppSchema(), {
      port: 0,
      config: testConfig({ redisUrl: url.toString() }),
    });
    const ready = async () => {
      const res = await fetch(`${app.url}/ready`);
      return { status: res.status, body: (await res.json()) as { failed: string[]; checks: Record<string, string> } };
    };
    try {
      expect(await ready()).toMatchObject({ status: 200, body: { checks: { sharedStore: 'ok (redis)' } } });
      await proxy.cut();
      const down = await ready();
      expect(down.status).toBe(503);
      expect(down.body.failed).toEqual(['sharedStore']);
      expect(down.body.checks.sharedStore).toContain('Redis did not answer');
      await proxy.restore();
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
        status = (await ready()).status;
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
      await proxy.close();
    }
  }, 30_000);
});

describe('/metrics protection', () => {
  test('with METRICS_TOKEN: 401 without the bearer token, 200 with it', async () => {
    const app = await startApp(server.db, await buildAppSchema(), {
      port: 0,
      config: testConfig({ metrics: { token: 'scrape-secret' } }),
    });
    try {
      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-secret!' } })).status).toBe(
        401,
      );
      const ok = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('ppa_graphql_requests_total');
    } finally {
      await app.close();
    }
  });

  test('without a token: only a scraper on this host, not one forwarded by a proxy', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(401);
  });

  test('with METRICS_PORT: /metrics on its own port only', async () => {
    const app = await startApp(server.db, await buildAppSchema(), {
      port: 0,
      config: testConfig({ metrics: { port: 0 } }),
    });
    try {
      expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
      const ok = await fetch(`${app.metricsUrl}/metrics`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('ppa_graphql_requests_total');
      expect((await fetch(`${app.metricsUrl}/graphql`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
