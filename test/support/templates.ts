/**
 * Seeded and empty stores made once and copied for every suite. Migrating a store and loading
 * the seed takes about 10 s; copying one takes well under a second. A template is keyed by the
 * contents of everything that shapes it (migrations, seed files, import and database code), so
 * a change to any of them makes a new one; older templates are removed, a few kept for other
 * checkouts sharing the machine.
 *
 * PGlite: the data folder dumped to a tarball in the temporary directory, built by one jest
 * worker at a time (a lock file beside it). PostgreSQL: a database `ppa_tpl_<key>` beside
 * DATABASE_URL's, built under an advisory lock and copied with CREATE DATABASE ... TEMPLATE.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
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
const SOURCES = [
  'prisma/migrations',
  'data/seed',
  'src/import',
  'src/db',
  'package-lock.json',
  'test/support/templates.ts',
];
const KEPT = 6;
/** A lock file older than this was left by a killed run: building a template takes well under it. */
const STALE_LOCK_MS = 5 * 60_000;

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
  return new Blob([readFileSync(await pgliteTemplateFile(seed))]);
}

/** The template tarball's path, built if it does not exist yet. */
export async function pgliteTemplateFile(seed: boolean): Promise<string> {
  const file = join(PGLITE_DIR, `pglite_${templateKey(seed)}.tar`);
  // Parallel jest workers: the first one builds it, the others wait for the file.
  while (!existsSync(file)) {
    const unlock = tryLock(`${file}.lock`);
    if (!unlock) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      if (!existsSync(file)) await buildPgliteTemplate(seed, file);
    } finally {
      unlock();
    }
  }
  return file;
}

async function buildPgliteTemplate(seed: boolean, file: string): Promise<void> {
  const db = await openDatabase({});
  try {
    if (seed) await loadSeed(db.prisma);
    // A checkpoint, so a copy opens without replaying the seed's WAL; then the segments past the
    // current one (recycled, empty) are left out: they were half the tarball, and every suite
    // that opens a copy pays for its size.
    await db.prisma.$executeRawUnsafe('CHECKPOINT');
    const [{ current }] = await db.prisma.$queryRawUnsafe<{ current: string }[]>(
      'SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS current',
    );
    const tar = Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
    const dump = withoutTarEntries(tar, (name) => {
      const segment = /\/pg_wal\/([0-9A-F]{24})$/.exec(name)?.[1];
      return segment !== undefined && segment > current;
    });
    mkdirSync(PGLITE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.${randomUUID()}`;
    writeFileSync(partial, dump);
    renameSync(partial, file); // atomic: a suite reads the whole file or none
  } finally {
    await db.close();
  }
  removeOldFiles();
}

/** The lock file made (a function removing it), or null when another process holds it. */
function tryLock(lock: string): (() => void) | null {
  mkdirSync(PGLITE_DIR, { recursive: true });
  try {
    closeSync(openSync(lock, 'wx'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock);
    } catch {
      // removed meanwhile by its owner
    }
    return null;
  }
  return () => {
    try {
      unlinkSync(lock);
    } catch {
      // already removed as stale
    }
  };
}

/**
 * A tarball without the regular files whose names `drop` picks: each entry is a 512-byte header
 * (name at 0, size in octal at 124, ustar prefix at 345) and its data padded to 512 bytes.
 */
function withoutTarEntries(tar: Buffer, drop: (name: string) => boolean): Buffer {
  const kept: Buffer[] = [];
  let at = 0;
  while (at + 512 <= tar.length && tar[at] !== 0) {
    const field = (from: number, length: number) => tar.toString('latin1', from, from + length).replace(/\0.*$/s, '');
    const prefix = field(at + 345, 155);
    const name = prefix ? `${prefix}/${field(at, 100)}` : field(at, 100);
    const size = parseInt(field(at + 124, 12).trim() || '0', 8);
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (!drop(name)) kept.push(tar.subarray(at, end));
    at = end;
  }
  kept.push(Buffer.alloc(1024)); // the two empty blocks that end a tarball
  return Buffer.concat(kept);
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
