/**
 * Two instances of the API behind one Redis, as behind a load balancer: a response cached by
 * one is a hit on the other; a write through one makes the other miss and read the new figure;
 * a query persisted through one runs by its hash on the other. On PostgreSQL each instance has
 * its own connection to the same database; on PGlite (one process's store) they share it.
 * Skipped, saying so, when Redis is not reachable (REDIS_URL, default redis://127.0.0.1:6379).
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createApiKey } from '../../src/auth/api-keys';
import { openDatabase, type Database } from '../../src/db/database';
import { buildAppSchema } from '../../src/schema';
import { startApp, type App } from '../../src/server/app';
import { onPostgres, openTestDatabase, testConfig, type GraphQLResponse } from '../support/harness';
import { describeWithRedis, REDIS_URL } from '../support/redis';

const withRedis = describeWithRedis('multi-instance.test.ts');

const PREFIX = `ppa-test-multi-${randomUUID().slice(0, 8)}:`;
let dispose: () => Promise<void>;
let secondDb: Database | null = null;
let a: App;
let b: App;
let steward: Record<string, string>;

async function post(
  app: App,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  extensions?: unknown,
) {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables, extensions }),
  });
  const body = (await res.json()) as GraphQLResponse;
  return {
    ...body,
    cache: (body.extensions?.cache as { status: string } | undefined)?.status,
    sql: body.extensions?.sqlStatements,
  };
}

const FIGURE =
  `query($period: PeriodInput!) { performance(area: "BLABY", category: "DOMESTIC_BURGLARY", ` +
  `period: $period) { recorded } }`;
const SET_RECORDED =
  `mutation($recorded: Int) { setRecordedCrime(month: "2013-07", area: "BLABY", ` +
  `category: "DOMESTIC_BURGLARY", recorded: $recorded) { recorded previous } }`;
const JULY = { period: { month: '2013-07' } };

withRedis('two instances on one Redis', () => {
  beforeAll(async () => {
    const opened = await openTestDatabase({ seed: true });
    dispose = opened.dispose;
    let dbB = opened.db;
    if (onPostgres) {
      // The same scratch database, through a connection of B's own.
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = new URL(opened.db.location).pathname;
      secondDb = dbB = await openDatabase({ databaseUrl: url.toString() });
    }
    const schema = await buildAppSchema();
    const config = testConfig({ cache: { responseCache: true }, redisUrl: REDIS_URL, redisKeyPrefix: PREFIX });
    a = await startApp(opened.db, schema, { port: 0, config });
    b = await startApp(dbB, schema, { port: 0, config });
    const { key } = await createApiKey(
      opened.db.prisma,
      { name: 'multi-steward', role: 'STEWARD' },
      { actor: 'cli', role: null },
    );
    steward = { authorization: `Bearer ${key}` };
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await secondDb?.close();
    await dispose?.();
    // Leave nothing of this suite in the shared Redis.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('both use Redis', () => {
    expect([a.services.store.kind, b.services.store.kind]).toEqual(['redis', 'redis']);
  });

  it('a query misses then hits on A, hits on B; a write through A makes B miss with the new figure', async () => {
    const first = await post(a, FIGURE, JULY);
    expect(first.cache).toBe('MISS');
    expect(first.sql).toBeGreaterThan(0);
    const stored: number = first.data!.performance.recorded;
    expect(stored).toBeGreaterThan(0);

    const hitA = await post(a, FIGURE, JULY);
    expect([hitA.cache, hitA.sql, hitA.data!.performance.recorded]).toEqual(['HIT', 0, stored]);
    const hitB = await post(b, FIGURE, JULY);
    expect([hitB.cache, hitB.sql, hitB.data!.performance.recorded]).toEqual(['HIT', 0, stored]);

    const written = await post(a, SET_RECORDED, { recorded: stored + 3 }, steward);
    expect(written.errors).toBeUndefined();
    expect(written.data!.setRecordedCrime).toEqual({ recorded: stored + 3, previous: stored });
    expect(await b.services.dataVersion.current()).toBe(await a.services.dataVersion.current());

    const afterB = await post(b, FIGURE, JULY);
    expect(afterB.cache).toBe('MISS');
    expect(afterB.data!.performance.recorded).toBe(stored + 3);
    // B stored it; A now hits the new figure.
    const afterA = await post(a, FIGURE, JULY);
    expect([afterA.cache, afterA.sql, afterA.data!.performance.recorded]).toEqual(['HIT', 0, stored + 3]);
  });

  it('an import through B makes A miss with the imported figure', async () => {
    const AUGUST = { period: { month: '2013-08' } };
    const before = (await post(a, FIGURE, AUGUST)).data!.performance.recorded;
    expect((await post(b, FIGURE, AUGUST)).cache).toBe('HIT');
    const csv = `month,area_code,category_code,recorded\n2013-08,BLABY,DOMESTIC_BURGLARY,${before + 20}\n`;
    const imported = await post(
      b,
      'mutation($csv: String!) { importCsv(kind: CRIMES, csv: $csv) { replaced } }',
      { csv },
      steward,
    );
    expect(imported.data!.importCsv).toEqual({ replaced: 1 });
    const after = await post(a, FIGURE, AUGUST);
    expect([after.cache, after.data!.performance.recorded]).toEqual(['MISS', before + 20]);
  });

  it('a new month imported through A moves the data horizon on B: the months B compares follow', async () => {
    const YEAR =
      `{ performance(area: "BLABY", category: "DOMESTIC_BURGLARY", ` +
      `period: { financialYear: "2013-14" }) { period { to clipped } recorded } }`;
    const before = await post(b, YEAR);
    expect(before.data!.performance.period).toEqual({ to: '2013-11', clipped: true });
    expect((before.extensions?.warnings as { code: string }[]).map((w) => w.code)).toEqual(['PERIOD_CLIPPED']);
    const csv = 'month,area_code,category_code,recorded\n2013-12,BLABY,DOMESTIC_BURGLARY,9\n';
    expect(
      (await post(a, 'mutation($csv: String!) { importCsv(kind: CRIMES, csv: $csv) { rowsRead } }', { csv }, steward))
        .errors,
    ).toBeUndefined();
    const after = await post(b, YEAR);
    expect(after.cache).toBe('MISS');
    expect(after.data!.performance.period).toEqual({ to: '2013-12', clipped: true });
    expect(after.data!.performance.recorded).toBe(before.data!.performance.recorded + 9);
  });

  it('a query persisted through A runs by its hash alone on B', async () => {
    const query = 'query { categories { code } }';
    const persisted = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    expect((await post(b, undefined as never, undefined, {}, persisted)).errors?.[0].extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect((await post(a, query, undefined, {}, persisted)).errors).toBeUndefined();
    const byHash = await post(b, undefined as never, undefined, {}, persisted);
    expect(byHash.errors).toBeUndefined();
    expect((byHash.data!.categories as unknown[]).length).toBeGreaterThan(10);
  });

  it('keys live under the deployment prefix', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${PREFIX}*`);
      expect(keys).toContain(`${PREFIX}data-version`);
      expect(keys.some((k) => k.startsWith(`${PREFIX}response:`))).toBe(true);
      expect(keys.some((k) => k.startsWith(`${PREFIX}apq:`))).toBe(true);
      // Cached responses expire by themselves: every one has a TTL.
      for (const k of keys.filter((k) => k.startsWith(`${PREFIX}response:`)))
        expect(await redis.ttl(k)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
