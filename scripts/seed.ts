/**
 * `npm run db:seed`: loads the seed data set (data/seed) into the store that DATABASE_URL
 * (PostgreSQL) or PGLITE_DATA_DIR (an embedded store in a folder) names, pending migrations
 * applied first, and reports the rows of each kind. A row whose key is already stored is
 * replaced, so running it again is harmless: every row is reported replaced, nothing changes.
 * (Other folders: `npm run import -- <folder>`.)
 */
import 'reflect-metadata';
import { relative } from 'node:path';
import { SEED_DIR } from '../src/config/paths';
import { fmt, openStore, printRejected } from '../src/import/cli';
import { ImportRejectedError } from '../src/import/result';
import { loadSeed } from '../src/import/seed';

async function main() {
  const db = await openStore();
  try {
    console.log(`Loading ${relative(process.cwd(), SEED_DIR) || SEED_DIR} into ${db.location}`);
    const started = Date.now();
    for (const r of await loadSeed(db.prisma)) {
      console.log(
        `  ${r.kind.padEnd(19)} ${fmt(r.rowsRead).padStart(7)} rows: ` +
          `${fmt(r.inserted)} inserted, ${fmt(r.replaced)} replaced`,
      );
    }
    console.log(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s. ` +
        'Stored keys are replaced, so running this again is safe.',
    );
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  if (err instanceof ImportRejectedError) {
    console.error(`data/seed/${err.result.kind}.csv (the files before it were loaded):`);
    printRejected(err);
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
