/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (or to the PGlite folder in
 * PGLITE_DATA_DIR). `npm run db:migrate:create -- <name>`: writes the next migration from the
 * difference between the committed migrations and prisma/schema.prisma.
 */
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations, createMigration } from '../src/db/migrate';

async function main() {
  const [command, name] = process.argv.slice(2);
  if (command === 'create') {
    if (!name) throw new Error('usage: npm run db:migrate:create -- <name>');
    // The diff replays the migrations on a throwaway in-memory PGlite: no server needed.
    const pglite = new PGlite();
    const folder = await createMigration(new PrismaPGlite(pglite), name);
    console.log(folder ? `created prisma/migrations/${folder}` : 'schema and migrations agree: nothing to create');
    await pglite.close();
    return;
  }
  const url = process.env.DATABASE_URL;
  const pglite = url ? undefined : new PGlite(process.env.PGLITE_DATA_DIR ?? 'memory://');
  const factory = url ? new PrismaPg({ connectionString: url }) : new PrismaPGlite(pglite!);
  const applied = await applyMigrations(factory);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  await pglite?.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
