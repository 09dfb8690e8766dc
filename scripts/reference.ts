/**
 * `npm run db:reference`: loads the reference data (data/reference: the 43 forces of England
 * and Wales with populations, the category tree, the data.police.uk crime type mapping, the
 * Leicestershire LSOA lookup) into the store DATABASE_URL or PGLITE_DATA_DIR names, pending
 * migrations applied first. One transaction; running it again changes nothing.
 */
import 'reflect-metadata';
import { fmt, openDataVersion, openStore } from '../src/import/cli';
import { loadReferenceData } from '../src/import/reference';

async function main() {
  const version = await openDataVersion();
  const db = await openStore();
  try {
    console.log(`Loading the reference data (data/reference) into ${db.location}`);
    const started = Date.now();
    for (const r of await loadReferenceData(db.prisma)) {
      console.log(
        `  ${r.kind.padEnd(19)} ${fmt(r.rows).padStart(5)} rows: ` +
          `${fmt(r.inserted)} inserted, ${fmt(r.replaced)} replaced`,
      );
    }
    await version?.bump();
    console.log(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s, in one transaction. ` +
        'Stored keys are replaced, so running this again is safe.',
    );
  } finally {
    await db.close();
    await version?.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
