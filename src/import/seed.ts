import { rawSqlIfAny } from '../db/database';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrismaClient } from '../generated/prisma/client';
import { SEED_DIR } from '../config/paths';
import { importCsv } from './import.service';
import type { ImportResult } from './result';
import { LOAD_ORDER } from './kinds';
import { DEMO_DATASET, markLoaded } from '../dataset/dataset.service';

/** Loads every `<kind>.csv` of a folder, in reference order. */
export async function loadFolder(prisma: PrismaClient, dir: string): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const kind of LOAD_ORDER) {
    const file = join(dir, `${kind}.csv`);
    if (existsSync(file)) results.push(await importCsv(prisma, kind, readFileSync(file, 'utf8')));
  }
  return results;
}

export async function storeIsEmpty(prisma: PrismaClient): Promise<boolean> {
  // Raw SQL: an ORM call at start would load Prisma's query compiler (about 60 MB of WebAssembly) for good.
  const sql = rawSqlIfAny(prisma);
  if (!sql) return (await prisma.area.count()) === 0;
  const [[any]] = await sql.query(null, 'SELECT EXISTS (SELECT 1 FROM area)');
  return !any;
}

/** The made-up demo data set that ships with the server (data/seed), marked as such in the store. */
export async function loadSeed(prisma: PrismaClient): Promise<ImportResult[]> {
  const results = await loadFolder(prisma, SEED_DIR);
  await markLoaded(prisma, DEMO_DATASET);
  return results;
}

/** How DEMO_DATA reads: on, off, or unset (then: the demo only for the in-memory store). */
export function demoDataSetting(raw: string | undefined): boolean | undefined {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (['1', 'on', 'true', 'yes'].includes(value)) return true;
  if (['0', 'off', 'false', 'no'].includes(value)) return false;
  throw new Error(`DEMO_DATA must be on or off, not "${raw}".`);
}

/**
 * Whether an empty store gets the made-up demo data at start: the newcomer's default (no
 * DATABASE_URL, no PGLITE_DATA_DIR: in memory) does; a configured store only when DEMO_DATA=1
 * asks for it by name. DEMO_DATA=0 starts even the in-memory store empty.
 */
export function demoWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = demoDataSetting(env.DEMO_DATA);
  if (setting !== undefined) return setting;
  return !env.DATABASE_URL && !env.PGLITE_DATA_DIR;
}
