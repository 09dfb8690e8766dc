/**
 * Builds the store templates (templates.ts) for the store the tests will use, before they start:
 * `node --import tsx test/support/build-templates.ts`, with DATABASE_URL set for PostgreSQL's.
 * .ci/run does this so that no test file's `beforeAll` waits on a build while the machine is busy with the
 * other workers; without it the first file to need a template builds it, the others waiting on its lock.
 */
import { pgliteTemplateFile, postgresTemplate } from './templates';

async function main(): Promise<void> {
  const started = Date.now();
  const url = process.env.DATABASE_URL;
  for (const seed of [true, false]) {
    const built = url ? await postgresTemplate(url, seed) : await pgliteTemplateFile(seed);
    console.log(`store template ${built} (${url ? 'PostgreSQL' : 'PGlite'}, ${seed ? 'seeded' : 'empty'})`);
  }
  console.log(`store templates ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
