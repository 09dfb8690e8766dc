/**
 * The committed migrations are the only way the schema reaches a database (`npm start`,
 * `npm run db:migrate`, `prisma migrate deploy`), so they must build exactly what
 * prisma/schema.prisma describes, and applying them again must change nothing.
 */
import { readdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { MIGRATIONS_DIR } from '../../src/config/paths';
import { applyMigrations, pendingSchemaChange } from '../../src/db/migrate';
import { openTestDatabase } from '../support/harness';

const folders = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('migrations', () => {
  it('has at least one migration folder, each named <timestamp>_<name>', () => {
    expect(folders.length).toBeGreaterThan(0);
    for (const name of folders) expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });

  it('match prisma/schema.prisma: replaying them leaves nothing to migrate', async () => {
    const pglite = new PGlite();
    try {
      const sql = await pendingSchemaChange(new PrismaPGlite(pglite));
      if (sql)
        throw new Error(
          `prisma/schema.prisma has changes no migration holds; ` +
            `run \`npm run db:migrate:create -- <name>\`. Missing SQL:\n${sql}`,
        );
    } finally {
      await pglite.close();
    }
  });

  it('apply every folder to an empty PGlite, then nothing on a second run', async () => {
    const pglite = new PGlite();
    try {
      const factory = new PrismaPGlite(pglite);
      expect(await applyMigrations(factory)).toEqual(folders);
      expect(await applyMigrations(factory)).toEqual([]);
      const rows = await pglite.query<{ migration_name: string; finished: boolean }>(
        'SELECT migration_name, finished_at IS NOT NULL AND rolled_back_at IS NULL AS finished FROM ' +
          '_prisma_migrations ORDER BY migration_name',
      );
      expect(rows.rows).toEqual(folders.map((migration_name) => ({ migration_name, finished: true })));
    } finally {
      await pglite.close();
    }
  });

  it('are applied once on the test store (PGlite or PostgreSQL), and a second run applies nothing', async () => {
    const { db, dispose } = await openTestDatabase();
    try {
      expect(await applyMigrations(db.adapterFactory)).toEqual([]);
      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS ' +
          'NULL ORDER BY migration_name',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(folders);
      // The tables the schema names exist, e.g. the facts and their rollups.
      const tables = await db.prisma.$queryRawUnsafe<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['area', 'area_closure', 'recorded_crime', 'fact_rollup', 'objective']),
      );
    } finally {
      await dispose();
    }
  });
});
