/**
 * Seeded and empty stores made once and copied for every suite. Migrating a store and loading
 * the seed takes about 10 s; copying one takes well under a second. A template is keyed by the
 * contents of everything that shapes it (migrations, seed files, import and database code), so
 * a change to any of them makes a new one; older templates are removed, a few kept for other
 * checkouts sharing the machine.
 *
 * PGlite: the data folder dumped to a tarball in the temporary directory. PostgreSQL: a database
 * `ppa_tpl_<key>` beside DATABASE_URL's, built under an advisory lock and copied with
 * CREATE DATABASE ... TEMPLATE.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../../src/db/database';
import { loadSeed } from '../../src/import/seed';

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['prisma/migrations', 'data/seed', 'src/import', 'src/db', 'package-lock.json'];
const KEPT = 6;

function hashTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) hashTree(hash, join(path, entry));
    return;
  }
  hash.update(path.slice(ROOT.length)).update(readFileSync(path));
}

let key: string | undefined;
function templateKey(seed: boolean): string {
  if (!key) {
    const hash = createHash('sha256');
    for (const source of SOURCES) hashTree(hash, join(ROOT, source));
    key = hash.digest('hex').slice(0, 16);
  }
  return `${key}_${seed ? 'seed' : 'empty'}`;
}

const PGLITE_DIR = join(tmpdir(), 'ppa-test-templates');

export async function pgliteTemplate(seed: boolean): Promise<Blob> {
  const file = join(PGLITE_DIR, `pglite_${templateKey(seed)}.tar`);
  if (!existsSync(file)) {
    const db = await openDatabase({});
    try {
      if (seed) await loadSeed(db.prisma);
      const dump = Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
      mkdirSync(PGLITE_DIR, { recursive: true });
      const partial = `${file}.${process.pid}.${randomUUID()}`;
      writeFileSync(partial, dump);
      renameSync(partial, file); // atomic: a concurrent suite reads the whole file or makes its own
    } finally {
      await db.close();
    }
    removeOldFiles();
  }
  return new Blob([readFileSync(file)]);
}

function removeOldFiles(): void {
  const files = readdirSync(PGLITE_DIR)
    .filter((f) => f.startsWith('pglite_') && f.endsWith('.tar'))
    .map((f) => ({ path: join(PGLITE_DIR, f), at: statSync(join(PGLITE_DIR, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of files.slice(KEPT * 2)) {
    try {
      unlinkSync(old.path);
    } catch {
      // another suite removed it first
    }
  }
}

/** The template database's name, built if it does not exist yet. */
export async function postgresTemplate(baseUrl: string, seed: boolean): Promise<string> {
  const name = `ppa_tpl_${templateKey(seed)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const building = `${name}_b${randomUUID().replace(/-/g, '').slice(0, 8)}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const url = new URL(baseUrl);
      url.pathname = `/${building}`;
      const db = await openDatabase({ databaseUrl: url.toString(), migrate: true });
      try {
        if (seed) await loadSeed(db.prisma);
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      await removeOldDatabases(admin);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
    await admin.end();
  }
  return name;
}

async function removeOldDatabases(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'ppa\\_tpl\\_%' ORDER BY oid DESC OFFSET $1",
    [KEPT * 2],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
}
