/**
 * Loads a benchmark data set into a store, fast, and keeps it for the next run.
 *
 * PostgreSQL: a database `bench_<scale>` next to the one BENCH_DATABASE_URL names (default
 * postgresql://postgres@127.0.0.1:5432/postgres). PGlite: a data folder bench/data/pglite-<scale>.
 * A loaded store carries the generator version (table `bench_meta`, or a JSON file beside the
 * PGlite folder) and is reused when it matches; pending migrations are still applied.
 *
 * How: a fresh database, our migrations (the schema engine, as `npm run db:migrate` does), the
 * dimensions (areas, categories, peer groups, plans, objectives) through our own importCsv (they
 * are small), then the facts straight into their tables, bypassing per-row validation: multi-row
 * INSERT ... SELECT FROM unnest($1::int[], ...) in chunks of 50,000 rows with the tables' indexes
 * dropped and rebuilt afterwards, the rollups built once by the functions of src/import/rollups.ts
 * (two connections, half of the months each), then VACUUM ANALYZE. The small scale is the seed, loaded
 * through importCsv as `npm start` loads it.
 *
 * `node dist/bench/load.js --scale national [--store postgres|pglite] [--fresh]`
 */
import 'reflect-metadata';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../src/db/database';
import { importCsv } from '../src/import/import.service';
import { loadSeed } from '../src/import/seed';
import { applyMigrations, readMigrationsList } from '../src/db/migrate';
import {
  rebuildClosure,
  refreshFactRollup,
  refreshInvestigationRollup,
  refreshOutcomeRollup,
  refreshSatisfactionRollup,
} from '../src/import/rollups';
import type { SqlRunner } from '../src/db/sql';
import { dataset, fingerprint, GENERATOR_VERSION, PROJECT_ROOT, type FactBlocks, type ScaleName } from './generate';

export const DEFAULT_BASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
export const DATA_DIR = join(PROJECT_ROOT, 'bench', 'data');

export type Store = 'postgres' | 'pglite';

export interface LoadInfo {
  scale: ScaleName;
  store: Store;
  /** PostgreSQL URL, or PGlite data folder. */
  location: string;
  reused: boolean;
  /** Seconds the load took when it was done (now, or the run that built the store). */
  loadSeconds: number;
  phases: Record<string, number>;
  rows: Record<string, number>;
  description: string;
}

const FACT_TABLES = ['recorded_crime', 'crime_outcome', 'investigation', 'satisfaction_response'];
const ROLLUP_TABLES = ['fact_rollup', 'outcome_rollup', 'investigation_rollup', 'satisfaction_rollup'];
const COUNTED_TABLES = [
  'area',
  'crime_category',
  'peer_group_member',
  'plan',
  'objective',
  ...FACT_TABLES,
  ...ROLLUP_TABLES,
  'area_closure',
  'category_closure',
];
const CHUNK = 50_000;

/** What both pg and PGlite offer: a parameterised query. */
interface Sql {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The rows of a query, typed as its SELECT list names them. */
async function select<Row>(sql: Sql, text: string, params?: unknown[]): Promise<Row[]> {
  return (await sql.query(text, params)).rows as Row[];
}

function runner(sql: Sql): SqlRunner {
  return {
    $executeRawUnsafe: (async (text: string, ...params: unknown[]) => {
      await sql.query(text, params);
      return 0;
    }) as never,
    $queryRawUnsafe: (async (text: string, ...params: unknown[]) => (await sql.query(text, params)).rows) as never,
  };
}

export function databaseUrl(scale: ScaleName, base = process.env.BENCH_DATABASE_URL ?? DEFAULT_BASE_URL): string {
  const url = new URL(base);
  url.pathname = `/bench_${scale}`;
  return url.toString();
}

export function pgliteDir(scale: ScaleName): string {
  return join(DATA_DIR, `pglite-${scale}`);
}

function migrationsSignature(): string {
  return readMigrationsList()
    .migrationDirectories.map((d) => d.path)
    .join(',');
}

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

// ---------------------------------------------------------------------------------------------

/** Indexes and primary keys of tables, to drop before a bulk load and rebuild after it. */
async function dropIndexes(sql: Sql, tables: string[]): Promise<string[]> {
  const constraints = await select<{ tbl: string; name: string; def: string }>(
    sql,
    `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c WHERE c.contype = 'p' AND c.conrelid::regclass::text = ANY($1::text[])`,
    [tables],
  );
  const indexes = await select<{ name: string; def: string }>(
    sql,
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  const recreate: string[] = [];
  for (const c of constraints) {
    await sql.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT "${c.name}"`);
    recreate.push(`ALTER TABLE ${c.tbl} ADD CONSTRAINT "${c.name}" ${c.def}`);
  }
  for (const i of indexes) {
    await sql.query(`DROP INDEX "${i.name}"`);
    recreate.push(i.def);
  }
  return recreate;
}

async function runAll(sql: Sql, statements: string[]): Promise<void> {
  for (const s of statements) await sql.query(s);
}

/** Streams the generator's blocks into the fact tables, CHUNK rows a statement. */
async function insertFacts(sql: Sql, blocks: () => Generator<FactBlocks>): Promise<void> {
  const areas = await select<{ id: number; code: string }>(sql, `SELECT id, code FROM area`);
  const cats = await select<{ id: number; code: string }>(sql, `SELECT id, code FROM crime_category`);
  const areaId = new Map<string, number>(areas.map((a) => [a.code, a.id]));
  const categoryId = new Map<string, number>(cats.map((c) => [c.code, c.id]));
  const aid = (code: string) => areaId.get(code) ?? fail(`unknown area ${code}`);
  const cid = (code: string) => categoryId.get(code) ?? fail(`unknown category ${code}`);

  type Buffer = { cols: unknown[][]; n: number };
  const make = (width: number): Buffer => ({ cols: Array.from({ length: width }, () => []), n: 0 });
  const statements = {
    crimes: `INSERT INTO recorded_crime (area_id, category_id, month, recorded)
             SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])`,
    outcomes: `INSERT INTO crime_outcome (area_id, category_id, month, outcome_type, count)
               SELECT a, c, m, t::"OutcomeType", n
               FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[]) AS u(a, c, m, t, n)`,
    investigations: `INSERT INTO investigation (area_id, category_id, as_of, count)
                     SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])`,
    satisfaction: `INSERT INTO satisfaction_response (area_id, survey, aspect, month, respondents, satisfied)
                   SELECT a, s::"Survey", x::"SatisfactionAspect", m, r, n
                   FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[])
                     AS u(a, s, x, m, r, n)`,
  };
  const buffers = { crimes: make(4), outcomes: make(5), investigations: make(4), satisfaction: make(6) };
  let pending: Promise<unknown> = Promise.resolve();
  const flush = async (kind: keyof typeof buffers) => {
    const b = buffers[kind];
    if (!b.n) return;
    buffers[kind] = make(b.cols.length);
    await pending; // one statement in flight while the next chunk is generated
    const next = sql.query(statements[kind], b.cols);
    next.catch(() => undefined); // awaited at the next flush; no unhandled rejection meanwhile
    pending = next;
  };
  const push = async (kind: keyof typeof buffers, row: unknown[]) => {
    const b = buffers[kind];
    for (let i = 0; i < row.length; i++) b.cols[i].push(row[i]);
    if (++b.n >= CHUNK) await flush(kind);
  };
  for (const block of blocks()) {
    const c = block.crimes;
    for (let i = 0; i < c.month.length; i++)
      await push('crimes', [aid(c.area[i]), cid(c.category[i]), c.month[i], c.value[i]]);
    const o = block.outcomes;
    for (let i = 0; i < o.month.length; i++)
      await push('outcomes', [aid(o.area[i]), cid(o.category[i]), o.month[i], o.outcomeType[i], o.value[i]]);
    const v = block.investigations;
    for (let i = 0; i < v.month.length; i++)
      await push('investigations', [aid(v.area[i]), cid(v.category[i]), v.month[i], v.value[i]]);
    const s = block.satisfaction;
    for (let i = 0; i < s.month.length; i++)
      await push('satisfaction', [
        aid(s.area[i]),
        s.survey[i],
        s.aspect[i],
        s.month[i],
        s.respondents[i],
        s.satisfied[i],
      ]);
  }
  for (const kind of Object.keys(buffers) as (keyof typeof buffers)[]) await flush(kind);
  await pending;
}

function fail(message: string): never {
  throw new Error(message);
}

/** The rollups, by the import's own functions; the month-scoped ones split over two connections. */
async function buildRollups(sqls: Sql[], log: (s: string) => void): Promise<Record<string, number>> {
  const phases: Record<string, number> = {};
  const rows = await select<{ month: number }>(
    sqls[0],
    `SELECT DISTINCT month FROM recorded_crime UNION SELECT DISTINCT month FROM crime_outcome ORDER BY 1`,
  );
  const months: number[] = rows.map((r) => r.month);
  const halves =
    sqls.length > 1 ? [months.filter((_, i) => i % 2 === 0), months.filter((_, i) => i % 2 === 1)] : [months];
  const split = async (name: string, fn: (db: SqlRunner, months: number[]) => Promise<void>) => {
    const t = Date.now();
    await Promise.all(halves.map((h, i) => fn(runner(sqls[i]), h)));
    phases[name] = seconds(t);
    log(`  ${name}: ${phases[name]} s`);
  };
  await split('fact_rollup', refreshFactRollup);
  await split('outcome_rollup', refreshOutcomeRollup);
  let t = Date.now();
  await refreshInvestigationRollup(runner(sqls[0]), 'all');
  phases.investigation_rollup = seconds(t);
  t = Date.now();
  await refreshSatisfactionRollup(runner(sqls[0]), 'all');
  phases.satisfaction_rollup = seconds(t);
  log(`  investigation_rollup: ${phases.investigation_rollup} s, satisfaction_rollup: ${phases.satisfaction_rollup} s`);
  return phases;
}

async function countRows(sql: Sql): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const t of COUNTED_TABLES) {
    rows[t] = Number((await select<{ n: number }>(sql, `SELECT count(*)::int AS n FROM ${t}`))[0].n);
  }
  return rows;
}

/** Dimensions through importCsv, in reference order. */
async function importDimensions(prisma: Parameters<typeof importCsv>[0], scale: ScaleName): Promise<void> {
  const ds = dataset(scale);
  for (const kind of ['areas', 'categories', 'peer_groups', 'plans', 'objectives'] as const) {
    await importCsv(prisma, kind, ds.dimensions[kind]);
  }
}

/** Facts, indexes dropped and rebuilt, rollups, closures; the same for pg and PGlite. */
async function bulkLoad(sqls: Sql[], scale: ScaleName, log: (s: string) => void): Promise<Record<string, number>> {
  const ds = dataset(scale);
  const phases: Record<string, number> = {};
  const sql = sqls[0];
  let t = Date.now();
  const recreateFacts = await dropIndexes(sql, FACT_TABLES);
  const recreateRollups = await dropIndexes(sql, ROLLUP_TABLES);
  await insertFacts(sql, ds.facts!);
  phases.facts = seconds(t);
  log(`  facts inserted: ${phases.facts} s`);
  t = Date.now();
  await runAll(sql, recreateFacts);
  phases.fact_indexes = seconds(t);
  log(`  fact indexes: ${phases.fact_indexes} s`);
  await rebuildClosure(runner(sql), 'area');
  await rebuildClosure(runner(sql), 'category');
  Object.assign(phases, await buildRollups(sqls, log));
  t = Date.now();
  await runAll(sql, recreateRollups);
  phases.rollup_indexes = seconds(t);
  log(`  rollup indexes: ${phases.rollup_indexes} s`);
  return phases;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

async function adminQuery<T = unknown>(base: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: base });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * The share of each rollup's pages that VACUUM has marked all-visible. Below about 1, index-only
 * scans visit the heap for the rest: a VACUUM right after a bulk load can leave pages unmarked
 * (seen here: investigation_rollup at 0%, outcome_rollup at 65%), and the figures' SQL then
 * measured 13.5 ms for the trend instead of 5.1 ms.
 */
async function rollupsVisible(url: string): Promise<number> {
  const rows = await adminQuery<{ share: number }>(
    url,
    `SELECT coalesce(min(relallvisible::float8 / greatest(relpages, 1)), 1) AS share
     FROM pg_class WHERE relname = ANY($1) AND relpages > 0`,
    [ROLLUP_TABLES],
  );
  return rows[0]?.share ?? 1;
}

/** VACUUM until the rollups are all-visible (twice at most: a second pass marks what the first could not). */
async function vacuumUntilVisible(url: string, log: (s: string) => void): Promise<void> {
  for (let pass = 0; pass < 2 && (await rollupsVisible(url)) < 0.99; pass++) {
    log(`  rollups ${Math.round((await rollupsVisible(url)) * 100)}% all-visible: VACUUM ANALYZE`);
    await adminQuery(url, 'VACUUM (ANALYZE) ' + ROLLUP_TABLES.join(', '));
  }
}

async function readMeta(url: string): Promise<Record<string, string> | null> {
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
  } catch {
    return null;
  }
  try {
    const { rows } = await c.query<{ key: string; value: string }>(`SELECT key, value FROM bench_meta`);
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

export async function loadPostgres(
  scale: ScaleName,
  options: { fresh?: boolean; log?: (s: string) => void } = {},
): Promise<LoadInfo> {
  const log = options.log ?? ((s: string) => console.log(s));
  const base = process.env.BENCH_DATABASE_URL ?? DEFAULT_BASE_URL;
  const url = databaseUrl(scale, base);
  const name = `bench_${scale}`;
  const ds = dataset(scale);
  const meta = options.fresh ? null : await readMeta(url);
  if (meta && meta.fingerprint === fingerprint(scale) && meta.scale === scale) {
    // Reuse; bring the schema up to date (a new index, say) and re-analyse if anything changed.
    const db = await openDatabase({ databaseUrl: url, migrate: false });
    const applied = await applyMigrations(db.adapterFactory);
    await db.close();
    if (applied.length) {
      log(`${name}: applied ${applied.join(', ')}; vacuuming and analysing`);
      await adminQuery(url, 'VACUUM ANALYZE');
    }
    await vacuumUntilVisible(url, log);
    log(`${name}: reusing the loaded database (generator version ${GENERATOR_VERSION})`);
    return {
      scale,
      store: 'postgres',
      location: url,
      reused: true,
      loadSeconds: Number(meta.load_seconds),
      phases: JSON.parse(meta.phases ?? '{}') as Record<string, number>,
      rows: JSON.parse(meta.rows) as Record<string, number>,
      description: ds.description,
    };
  }

  log(`${name}: loading ${ds.description}`);
  const started = Date.now();
  const phases: Record<string, number> = {};
  await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(base, `CREATE DATABASE ${name}`);
  let t = Date.now();
  const db = await openDatabase({ databaseUrl: url, migrate: true });
  phases.migrations = seconds(t);
  t = Date.now();
  if (scale === 'small') await loadSeed(db.prisma);
  else await importDimensions(db.prisma, scale);
  phases.dimensions = seconds(t);
  log(
    `  migrations ${phases.migrations} s, ` +
      `${scale === 'small' ? 'seed (importCsv)' : 'dimensions (importCsv)'} ${phases.dimensions} s`,
  );
  await db.close();

  const clients = [new Client({ connectionString: url }), new Client({ connectionString: url })];
  let info: LoadInfo;
  await Promise.all(clients.map((c) => c.connect()));
  try {
    for (const c of clients) {
      await c.query(`SET synchronous_commit = off`);
      await c.query(`SET work_mem = '256MB'`);
      await c.query(`SET maintenance_work_mem = '1GB'`);
    }
    if (ds.facts) Object.assign(phases, await bulkLoad(clients, scale, log));
    t = Date.now();
    // VACUUM sets the visibility map, so index-only scans need no heap visits (autovacuum would, later).
    await clients[0].query('VACUUM ANALYZE');
    phases.vacuum_analyze = seconds(t);
    const rows = await countRows(clients[0]);
    const loadSeconds = seconds(started);
    await clients[0].query(`CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)`);
    const entries: [string, string][] = [
      ['generator_version', String(GENERATOR_VERSION)],
      ['fingerprint', fingerprint(scale)],
      ['scale', scale],
      ['migrations', migrationsSignature()],
      ['loaded_at', new Date().toISOString()],
      ['load_seconds', String(loadSeconds)],
      ['phases', JSON.stringify(phases)],
      ['rows', JSON.stringify(rows)],
    ];
    for (const [k, v] of entries) await clients[0].query(`INSERT INTO bench_meta VALUES ($1, $2)`, [k, v]);
    log(`${name}: loaded in ${loadSeconds} s`);
    info = {
      scale,
      store: 'postgres',
      location: url,
      reused: false,
      loadSeconds,
      phases,
      rows,
      description: ds.description,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  // With the loading connections closed, nothing holds back the visibility map.
  await vacuumUntilVisible(url, log);
  return info;
}

// ---------------------------------------------------------------------------------------------
// PGlite
// ---------------------------------------------------------------------------------------------

/** `<dir>.meta.json`, written beside a loaded PGlite store (the fields read back). */
interface PgliteMeta {
  fingerprint: string;
  migrations: string;
  loadSeconds: number;
  phases: Record<string, number>;
  rows: Record<string, number>;
}

export async function loadPglite(
  scale: ScaleName,
  options: { fresh?: boolean; log?: (s: string) => void } = {},
): Promise<LoadInfo> {
  const log = options.log ?? ((s: string) => console.log(s));
  const dir = pgliteDir(scale);
  const metaFile = `${dir}.meta.json`;
  const ds = dataset(scale);
  if (!options.fresh && existsSync(metaFile) && existsSync(dir)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as PgliteMeta;
    if (meta.fingerprint === fingerprint(scale) && meta.migrations === migrationsSignature()) {
      log(`pglite-${scale}: reusing ${dir} (generator version ${GENERATOR_VERSION})`);
      return {
        scale,
        store: 'pglite',
        location: dir,
        reused: true,
        loadSeconds: meta.loadSeconds,
        phases: meta.phases,
        rows: meta.rows,
        description: ds.description,
      };
    }
  }
  log(`pglite-${scale}: loading ${ds.description}`);
  const started = Date.now();
  const phases: Record<string, number> = {};
  rmSync(dir, { recursive: true, force: true });
  rmSync(metaFile, { force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  let t = Date.now();
  const db = await openDatabase({ pgliteDataDir: dir });
  phases.migrations = seconds(t);
  t = Date.now();
  if (scale === 'small') await loadSeed(db.prisma);
  else await importDimensions(db.prisma, scale);
  phases.dimensions = seconds(t);
  await db.close();
  log(`  migrations ${phases.migrations} s, dimensions ${phases.dimensions} s`);

  const { PGlite } = await import('@electric-sql/pglite');
  const pg = new PGlite(dir);
  await pg.waitReady;
  try {
    if (ds.facts) Object.assign(phases, await bulkLoad([pg], scale, log));
    t = Date.now();
    await pg.query('VACUUM ANALYZE');
    phases.vacuum_analyze = seconds(t);
    const rows = await countRows(pg);
    const loadSeconds = seconds(started);
    writeFileSync(
      metaFile,
      JSON.stringify(
        {
          generatorVersion: GENERATOR_VERSION,
          fingerprint: fingerprint(scale),
          migrations: migrationsSignature(),
          scale,
          loadSeconds,
          phases,
          rows,
        },
        null,
        2,
      ),
    );
    log(`pglite-${scale}: loaded in ${loadSeconds} s`);
    return {
      scale,
      store: 'pglite',
      location: dir,
      reused: false,
      loadSeconds,
      phases,
      rows,
      description: ds.description,
    };
  } finally {
    await pg.close();
  }
}

/** A private copy of a prepared PGlite folder (a PGlite folder belongs to one process at a time). */
export function copyPgliteDir(scale: ScaleName, tag: string): string {
  const copy = join(DATA_DIR, 'run', `pglite-${scale}-${tag}-${process.pid}`);
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(join(DATA_DIR, 'run'), { recursive: true });
  cpSync(pgliteDir(scale), copy, { recursive: true });
  return copy;
}

export function ensureLoaded(
  scale: ScaleName,
  store: Store,
  options: { fresh?: boolean; log?: (s: string) => void } = {},
): Promise<LoadInfo> {
  return store === 'postgres' ? loadPostgres(scale, options) : loadPglite(scale, options);
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const scales = (arg('scale') ?? 'small').split(',') as ScaleName[];
  const stores = (arg('store') ?? 'postgres').split(',') as Store[];
  (async () => {
    for (const scale of scales) {
      for (const store of stores) {
        if (store === 'pglite' && scale === 'national') continue; // PostgreSQL only at this size
        const info = await ensureLoaded(scale, store, { fresh: process.argv.includes('--fresh') });
        console.log(JSON.stringify({ ...info, location: info.location.replace(/\/\/[^@]*@/, '//') }, null, 2));
      }
    }
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
