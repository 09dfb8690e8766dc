import 'reflect-metadata';
import { openDatabase } from './db/database';
import { loadSeed, storeIsEmpty } from './import/seed';
import { buildAppSchema } from './schema';
import { startApp } from './server/app';

/**
 * `npm start`: PostgreSQL when DATABASE_URL is set, else an embedded PGlite (in memory, or
 * in PGLITE_DATA_DIR). Migrations are applied and an empty store is loaded with the seed.
 */
async function main() {
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    pgliteDataDir: process.env.PGLITE_DATA_DIR || undefined,
    migrate: true,
  });
  if (await storeIsEmpty(db.prisma)) {
    const started = Date.now();
    const results = await loadSeed(db.prisma);
    const rows = results.reduce((n, r) => n + r.inserted + r.replaced, 0);
    console.log(`Loaded the seed data set: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const app = await startApp(db, await buildAppSchema(), {
    port: Number(process.env.PORT ?? 4000),
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.log(`Police performance API on ${db.location}`);
  console.log(`  GraphQL:  ${app.url}/graphql`);
  console.log(`  Explorer: ${app.url}/`);

  const shutdown = async (signal: string) => {
    console.log(`${signal}: finishing in-flight requests, then stopping`);
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
