import 'reflect-metadata';
import { openDatabase, parseReplicaUrls } from './db/database';
import { loadConfig } from './config/config';
import { Client } from 'pg';
import { demoWanted, loadSeed, storeIsEmpty } from './import/seed';
import { describeAdminKey, ensureAdminKey } from './auth/first-admin-key';
import { buildAppSchema } from './schema';
import { startApp } from './server/app';

/**
 * Runs `fn` holding a PostgreSQL advisory lock, so instances started together (docker compose
 * --scale api=3) migrate, make the first key and load an empty database one after another: the first
 * does the work, the others find it done.
 */
async function withStartupLock<T>(databaseUrl: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!databaseUrl) return fn();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('police-performance-api:startup'))`);
    return await fn();
  } finally {
    await client.end(); // ending the session releases the lock
  }
}

/** A whole number of at least 0 from the environment; a bad value stops the server at start. */
function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not "${raw}".`);
  return value;
}

/**
 * `npm start`: PostgreSQL when DATABASE_URL is set (reads spread over DATABASE_REPLICA_URLS when
 * given), else an embedded PGlite (in memory, or in PGLITE_DATA_DIR). Migrations are applied; an
 * empty store gets the made-up demo data set only in memory or when DEMO_DATA=1 asks for it
 * (src/import/seed.ts, demoWanted); a store gets a first ADMIN key (src/auth/first-admin-key.ts).
 * SIGTERM/SIGINT drain: /ready fails at once, new
 * connections are refused after SHUTDOWN_DELAY_MS, and the process exits 0 once in-flight
 * requests are answered.
 */
async function main() {
  const config = loadConfig();
  const demo = demoWanted();
  const drainDelayMs = wholeNumber('SHUTDOWN_DELAY_MS', 0);
  const poolSize = wholeNumber('DATABASE_POOL_SIZE', 0) || undefined;
  const replicaUrls = parseReplicaUrls(process.env.DATABASE_REPLICA_URLS);
  const db = await withStartupLock(process.env.DATABASE_URL, async () => {
    const opened = await openDatabase({
      databaseUrl: process.env.DATABASE_URL || undefined,
      replicaUrls,
      statementTimeoutMs: config.limits.statementTimeoutMs,
      poolSize,
      pgliteDataDir: process.env.PGLITE_DATA_DIR || undefined,
      migrate: true,
    });
    for (const line of describeAdminKey(await ensureAdminKey(opened.primary, process.env.ADMIN_API_KEY)))
      console.log(line);
    if (!(await storeIsEmpty(opened.primary))) return opened;
    if (!demo) {
      console.log(
        'The store is empty. `npm run db:reference` loads the forces, categories and data.police.uk mapping ' +
          'that imports need;',
      );
      console.log(
        '`npm run db:seed` (or DEMO_DATA=1) loads the made-up demo data set instead. See docs/operations.md.',
      );
      return opened;
    }
    const started = Date.now();
    const results = await loadSeed(opened.primary);
    const rows = results.reduce((n, r) => n + r.inserted + r.replaced, 0);
    console.log(
      `Loaded the made-up demo data set (data/seed): ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return opened;
  });
  const app = await startApp(db, await buildAppSchema(), {
    port: Number(process.env.PORT ?? 4000),
    host: process.env.HOST ?? '127.0.0.1',
    drainDelayMs,
  });
  console.log(`Police performance API on ${db.location}`);
  console.log(`  GraphQL:  ${app.url}/graphql`);
  console.log(`  Explorer: ${app.url}/`);
  console.log(`  Report:   ${app.url}/report`);

  const shutdown = async (signal: string) => {
    console.log(`${signal}: finishing in-flight requests, then stopping`);
    try {
      await app.close();
      await db.close();
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
    console.log('Stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
