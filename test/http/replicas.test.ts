/**
 * Read replicas, for real (PostgreSQL only): the "replica" is a second scratch database holding
 * different figures and names (no replication, on purpose), so every answer shows where it was
 * read. The figures are read from the replicas (the figure loaders' raw SQL through
 * `db.reader()`, in turn), model reads through Prisma's read-replica extension; writes, key
 * lookups and the dimensions (src/context/context.ts: a snapshot is kept per data version, which a
 * lagging replica could undercut) from the primary; and a request that has written reads its
 * figures from the primary (read-your-writes). Replica statements are counted like the primary's.
 */
import { Client } from 'pg';
import { createApiKey } from '../../src/auth/api-keys';
import { afterWrite, createContext } from '../../src/context/context';
import { seriesKey } from '../../src/loaders/figure.loaders';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { dataOf, onPostgres } from '../support/harness';
import { metricValue, scratchPostgres, startOpsServer, type OpsServer } from '../support/ops';

if (!onPostgres)
  console.warn(
    'replicas.test.ts: SKIPPED on PGlite: read replicas are PostgreSQL servers (run with DATABASE_URL set).',
  );
const describePg = onPostgres ? describe : describe.skip;

const FIGURES =
  `query Force { performance(area: "LEICESTERSHIRE", category: "ALL_CRIME", ` +
  `period: { financialYear: "2013-14", asOf: "2013-11" }) { recorded outcomes } }`;
const AREA = `query Area($code: String!) { area(code: $code) { code name } }`;

async function sqlOn(url: string, text: string, params: unknown[] = []): Promise<any[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

describePg('read replicas', () => {
  let primaryUrl: string;
  let replicaUrl: string;
  let plain: OpsServer; // the primary alone, for the figures it holds
  let routed: OpsServer; // the primary, reading from the replica (listed twice: two clients in turn)

  beforeAll(async () => {
    const [primary, replica] = await Promise.all([scratchPostgres(), scratchPostgres()]);
    primaryUrl = primary.url;
    replicaUrl = replica.url;
    // The replica differs: every rollup figure doubled, and a renamed BCU.
    await sqlOn(replicaUrl, 'UPDATE fact_rollup SET recorded = recorded * 2');
    await sqlOn(replicaUrl, `UPDATE area SET name = 'Counties (replica)' WHERE code = 'COUNTIES'`);
    plain = await startOpsServer({ db: { databaseUrl: primaryUrl } });
    routed = await startOpsServer({
      db: { databaseUrl: primaryUrl, replicaUrls: [replicaUrl, replicaUrl] },
      dispose: async () => {
        await primary.drop();
        await replica.drop();
      },
    });
  }, 120_000);
  afterAll(async () => {
    await plain?.close();
    await routed?.close();
  });

  test('figures are read from the replicas, in turn; replica statements are counted', async () => {
    const fromPrimary = dataOf(await plain.gql(FIGURES)).performance;
    // Warm: each replica client loads its dimension snapshot once.
    for (let i = 0; i < 2; i++) await routed.gql(FIGURES);
    const response = await routed.gql(FIGURES);
    const fromReplica = dataOf(response).performance;
    expect(fromReplica.recorded).toBe(2 * fromPrimary.recorded);
    expect(fromReplica.outcomes).toBe(fromPrimary.outcomes);
    // Dimensions from the primary, by design.
    expect(dataOf(await routed.gql(AREA, { code: 'COUNTIES' })).area.name).toBe(
      dataOf(await plain.gql(AREA, { code: 'COUNTIES' })).area.name,
    );

    const warmPlain = await plain.gql(FIGURES);
    expect(response.extensions!.sqlStatements).toBeGreaterThan(0);
    expect(response.extensions!.sqlStatements).toBe(warmPlain.extensions!.sqlStatements);

    const pools = Object.fromEntries(routed.db.poolStats().map((p) => [p.name, p.total]));
    expect(pools.replica1).toBeGreaterThanOrEqual(1);
    expect(pools.replica2).toBeGreaterThanOrEqual(1);
    const metrics = await routed.app.observability.metrics.text();
    expect(metricValue(metrics, 'ppa_db_pool_connections', { pool: 'replica1', state: 'total' })).toBe(pools.replica1);
    expect(metricValue(metrics, 'ppa_db_pool_connections', { pool: 'replica2', state: 'total' })).toBe(pools.replica2);
  });

  test(`model reads go through Prisma's read-replica extension; \
$primary() and transactions read the primary`, async () => {
    const name = async (client: any) => (await client.area.findUnique({ where: { code: 'COUNTIES' } })).name;
    expect(await name(routed.db.prisma)).toBe('Counties (replica)');
    const primaryName = await name(routed.db.primary);
    expect(primaryName).not.toBe('Counties (replica)');
    expect(await name((routed.db.prisma as any).$primary())).toBe(primaryName);
    expect(
      await routed.db.prisma.$transaction(
        async (tx) => (await tx.area.findUnique({ where: { code: 'COUNTIES' } }))!.name,
      ),
    ).toBe(primaryName);
  });

  test('writes go to the primary (and the key lookup); the replica does not have them', async () => {
    // Made here, not before: until now nothing may have used the primary's pool.
    const { key } = await createApiKey(
      routed.db.primary,
      { name: 'replica-steward', role: 'STEWARD' },
      { actor: 'cli', role: null },
    );
    const steward = { authorization: `Bearer ${key}` };
    const [{ name: countiesOnPrimary }] = await sqlOn(primaryUrl, `SELECT name FROM area WHERE code = 'COUNTIES'`);
    const written = await routed.gql(
      `mutation { upsertArea(input: { code: "MELTON", name: "Melton", level: LPU, ` +
        `parentCode: "COUNTIES" }) { code name parent { code name } } }`,
      undefined,
      steward,
    );
    expect(dataOf(written).upsertArea).toEqual({
      code: 'MELTON',
      name: 'Melton',
      parent: { code: 'COUNTIES', name: countiesOnPrimary },
    });
    expect(await sqlOn(primaryUrl, `SELECT name FROM area WHERE code = 'MELTON'`)).toEqual([{ name: 'Melton' }]);
    expect(await sqlOn(replicaUrl, `SELECT name FROM area WHERE code = 'MELTON'`)).toEqual([]);
    expect(routed.db.poolStats().find((p) => p.name === 'primary')!.total).toBeGreaterThanOrEqual(1);
  });

  test("after a write, the request's figure loaders read the primary (read-your-writes)", async () => {
    const [{ id: areaId }] = await sqlOn(primaryUrl, `SELECT id FROM area WHERE code = 'LEICESTERSHIRE'`);
    const [{ id: categoryId }] = await sqlOn(primaryUrl, `SELECT id FROM crime_category WHERE code = 'ALL_CRIME'`);
    const key = seriesKey(areaId, categoryId, 201304, 201311);
    const seriesThrough = (reader: PrismaClient) =>
      createContext(routed.db.prisma, { statements: 0 }, null, { reader }).figures.series.load(key);
    const onPrimary = JSON.stringify(await seriesThrough(routed.db.primary));
    const onReplica = JSON.stringify(await seriesThrough(routed.db.reader()));
    expect(onReplica).not.toBe(onPrimary);

    const ctx = createContext(routed.db.prisma, { statements: 0 }, null, { reader: routed.db.reader() });
    expect(JSON.stringify(await ctx.figures.series.load(key))).toBe(onReplica);
    await afterWrite(ctx); // as every mutation does once its write has committed
    expect(ctx.reader).toBe(routed.db.primary);
    expect(JSON.stringify(await ctx.figures.series.load(key))).toBe(onPrimary);
  });

  test('/ready checks each replica', async () => {
    const ready = await routed.get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: 'ok', replica1: 'ok', replica2: 'ok' });
  });
});
